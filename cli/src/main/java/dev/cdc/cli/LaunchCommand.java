package dev.cdc.cli;

import dev.cdc.nativeconfig.ThreadSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cdc launch}: torchrun for cdc. Starts N processes of a cdc command on this machine with
 * torchrun's variables set, relays their output, and stops them all if one fails.
 */
@Command(name = "launch", mixinStandardHelpOptions = true,
        description = "Start a cdc command as N data-parallel processes on this machine, e.g. cdc launch "
                + "--nproc-per-node 2 -- train-cloud --bundle B --out C.cdcc STORE Each process gets MASTER_ADDR, "
                + "MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK (torchrun's conventions) and CDC_THREADS = cores / N "
                + "unless set. Rank 0's standard output passes through as it is (so --json stays JSON); everything "
                + "else goes to standard error, prefixed with its rank. For several machines, run it on each with "
                + "--nnodes, --node-rank and the same --master-addr and --master-port.")
public final class LaunchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--nproc-per-node", required = true, paramLabel = "N", description = "Processes on this machine.")
    int perNode;
    @Option(names = "--nnodes", defaultValue = "1", paramLabel = "M",
            description = "Machines in the job (default: ${DEFAULT-VALUE}).")
    int nodes;
    @Option(names = "--node-rank", defaultValue = "0", paramLabel = "I",
            description = "This machine's index, 0..M-1 (default: ${DEFAULT-VALUE}).")
    int nodeRank;
    @Option(names = "--master-addr", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Host of rank 0 (default: ${DEFAULT-VALUE}).")
    String masterAddress;
    @Option(names = "--master-port", paramLabel = "PORT",
            description = "Rendezvous port on rank 0 (default: a free port; required with --nnodes > 1).")
    Integer masterPort;
    @Option(names = "--grace", defaultValue = "90s", converter = Quantities.DurationConverter.class, paramLabel = "TIME",
            description = "After one process fails, how long the others get to stop on their own before they are killed (default: ${DEFAULT-VALUE}).")
    Duration grace;
    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The cdc command and its arguments, after --.")
    List<String> command;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (perNode < 1) {
            throw new UsageException("--nproc-per-node " + perNode + " is not valid: expected at least 1");
        }
        if (nodes < 1 || nodeRank < 0 || nodeRank >= nodes) {
            throw new UsageException("--node-rank " + nodeRank + " of --nnodes " + nodes + " is not valid: expected 0.." + (nodes - 1));
        }
        if (nodes > 1 && masterPort == null) {
            throw new UsageException("--master-port is required with --nnodes > 1: every machine must use the same one");
        }
        if (command.get(0).equals("launch")) {
            throw new UsageException("cdc launch cannot launch itself");
        }
        int port = masterPort != null ? masterPort : freePort();
        int world = nodes * perNode;
        List<Process> processes = new ArrayList<>();
        List<Thread> relays = new ArrayList<>();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (int local = 0; local < perNode; local++) {
            int rank = nodeRank * perNode + local;
            ProcessBuilder builder = new ProcessBuilder(childCommand());
            Map<String, String> env = builder.environment();
            env.put("MASTER_ADDR", masterAddress);
            env.put("MASTER_PORT", String.valueOf(port));
            env.put("RANK", String.valueOf(rank));
            env.put("WORLD_SIZE", String.valueOf(world));
            env.put("LOCAL_RANK", String.valueOf(local));
            env.put("LOCAL_WORLD_SIZE", String.valueOf(perNode));
            if (System.getenv(ThreadSettings.ENVIRONMENT_VARIABLE) == null) {
                env.put(ThreadSettings.ENVIRONMENT_VARIABLE, String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors() / perNode)));
            }
            Process process = builder.start();
            processes.add(process);
            String prefix = "[rank " + rank + "] ";
            relays.add(relay(process.getInputStream(), rank == 0 ? out : err, rank == 0 ? "" : prefix, err, prefix));
            relays.add(relay(process.getErrorStream(), err, prefix, err, prefix));
        }
        int exit = supervise(processes, err);
        for (Thread relay : relays) {
            relay.join(5_000);
        }
        return exit;
    }

    /** Waits for all; when one fails, gives the rest the grace period to fail on their own, then kills them. */
    private int supervise(List<Process> processes, PrintWriter err) throws InterruptedException {
        int firstFailure = 0;
        int failedRank = -1;
        long killAt = Long.MAX_VALUE;
        while (true) {
            boolean running = false;
            for (int i = 0; i < processes.size(); i++) {
                Process p = processes.get(i);
                if (p.isAlive()) {
                    running = true;
                } else if (p.exitValue() != 0 && firstFailure == 0) {
                    firstFailure = p.exitValue();
                    failedRank = nodeRank * perNode + i;
                    killAt = System.nanoTime() + grace.toNanos();
                }
            }
            if (!running) {
                break;
            }
            if (System.nanoTime() > killAt) {
                err.printf("launch: rank %d failed; stopping the ranks still running after %d s%n", failedRank, grace.toSeconds());
                err.flush();
                processes.forEach(Process::destroyForcibly);
                for (Process p : processes) {
                    p.waitFor(10, TimeUnit.SECONDS);
                }
                break;
            }
            Thread.sleep(100);
        }
        if (firstFailure != 0) {
            err.printf("launch: rank %d exited with %d%n", failedRank, firstFailure);
            err.flush();
        }
        return firstFailure == 0 ? ExitCodes.OK : firstFailure;
    }

    private List<String> childCommand() {
        List<String> args = new ArrayList<>();
        args.add(ProcessHandle.current().info().command().orElse("java"));
        args.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        args.add("-cp");
        args.add(System.getProperty("java.class.path"));
        args.add(Main.class.getName());
        args.addAll(command);
        return args;
    }

    /**
     * Copies a process's lines to {@code target} with {@code prefix}; lines that LibTorch's
     * native code prints on standard output ({@code [Gloo] ...}) go to {@code log} instead, so
     * that rank 0's standard output holds only what the command printed.
     */
    private static Thread relay(InputStream stream, PrintWriter target, String prefix, PrintWriter log, String logPrefix) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    boolean nativeLog = line.startsWith("[Gloo]") || line.startsWith("[c10d]");
                    PrintWriter to = nativeLog ? log : target;
                    synchronized (LaunchCommand.class) {
                        to.println((nativeLog ? logPrefix : prefix) + line);
                        to.flush();
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "launch-relay");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
