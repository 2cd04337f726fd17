package dev.cdc.cli;

import dev.cdc.core.ingest.IngestBenchmark;
import dev.cdc.nativeconfig.PlatformInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cdc bench}: user-facing benchmarks, each against a peer measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks, each as a ratio against a peer in the same run.",
        subcommands = {BenchCommand.Ingest.class})
public final class BenchCommand extends ParentCommand {

    /** The machine a benchmark ran on, named in every report. */
    public record Machine(int cores, String cpu, String os, String java) {
        static Machine current() {
            PlatformInfo platform = PlatformInfo.current();
            return new Machine(platform.cores(), cpuModel(), platform.os(), platform.javaVersion());
        }

        private static String cpuModel() {
            try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
                return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst()
                        .orElse(System.getProperty("os.arch"));
            } catch (IOException e) {
                return System.getProperty("os.arch");
            }
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = {"Sustained ingest on loopback: edges PUT chunks to a real `cdc serve` (fsync per chunk) as fast as it",
                "acknowledges them; the peer is the same chunks stored directly with the same durability, no HTTP."})
    static final class Ingest implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOutput json;
        @Option(names = "--edges", defaultValue = "4", paramLabel = "N", description = "Concurrent edges (default: ${DEFAULT-VALUE}).")
        int edges;
        @Option(names = "--chunks", defaultValue = "200", paramLabel = "C", description = "Chunks per edge per pass (default: ${DEFAULT-VALUE}).")
        int chunks;
        @Option(names = "--records", defaultValue = "256", paramLabel = "R", description = "Records per chunk (default: ${DEFAULT-VALUE}).")
        int records;
        @Option(names = "--bits", defaultValue = "2", paramLabel = "K", description = "k of the codes, latent 2x7x7 (default: ${DEFAULT-VALUE}).")
        int bits;
        @Option(names = "--repeats", defaultValue = "3", paramLabel = "N", description = "Timed passes; the median is reported (default: ${DEFAULT-VALUE}).")
        int repeats;
        @Option(names = "--work", paramLabel = "DIR", description = "Scratch directory on the disk to measure (default: a temporary one, removed after).")
        Path work;

        /** What {@code --json} prints. */
        public record IngestReport(Machine machine, IngestBenchmark.Result result) {
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("cdc-bench-ingest");
            PrintWriter err = spec.commandLine().getErr();
            IngestBenchmark.Result result;
            try {
                result = IngestBenchmark.run(new IngestBenchmark.Settings(edges, chunks, records, bits, repeats), dir,
                        pass -> {
                            err.printf("bench ingest: pass %d of %d done%n", pass, repeats);
                            err.flush();
                        });
            } finally {
                if (work == null) {
                    deleteRecursively(dir);
                }
            }
            IngestReport report = new IngestReport(Machine.current(), result);
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled()) {
                JsonOutput.print(out, report);
                return ExitCodes.OK;
            }
            Machine m = report.machine();
            out.printf(Locale.ROOT, "machine: %d cores, %s, %s, Java %s%n", m.cores(), m.cpu(), m.os(), m.java());
            out.printf(Locale.ROOT, "%d edges x %d chunks of %d records at k=%d (%,d bytes per chunk), median of %d passes:%n", edges,
                    chunks, records, bits, result.chunkBytes(), repeats);
            out.printf(Locale.ROOT, "| path | MB/s | records/s |%n|---|---|---|%n");
            out.printf(Locale.ROOT, "| cdc serve over HTTP, fsync per chunk | %.2f | %,.0f |%n", result.serviceMegabytesPerSecond(),
                    result.serviceRecordsPerSecond());
            out.printf(Locale.ROOT, "| chunk store directly, fsync per chunk (peer) | %.2f | %,.0f |%n", result.directMegabytesPerSecond(),
                    result.directRecordsPerSecond());
            out.printf(Locale.ROOT, "service / direct: %.2fx%n", result.serviceOverDirect());
            out.flush();
            return ExitCodes.OK;
        }

        private static void deleteRecursively(Path dir) throws IOException {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
