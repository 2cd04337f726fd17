package dev.cdc.training.distributed;

import java.time.Duration;
import java.util.Locale;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.Backend;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.nccl.ProcessGroupNCCL;

/**
 * A c10d process group of the PyTorch presets: the rendezvous {@link TCPStore} on rank 0,
 * then Gloo (CPU tensors) or NCCL (CUDA tensors, one GPU per process by LOCAL_RANK). Every
 * wait is bounded by the timeout, and every failure, a peer that died among them, becomes a
 * {@link DistributedException} naming this rank, never a hang or a JVM crash.
 */
public final class ProcessGroupSession implements Collective {
    private static final String JOINED = "cdc/joined";
    private final DistributedSettings settings;
    private final Kind kind;
    private final Duration timeout;
    private final TCPStore store; // held so the rendezvous (a server thread on rank 0) lives as long as the group
    private final Backend backend;

    /** The c10d backend. */
    public enum Kind {
        GLOO,
        NCCL
    }

    private ProcessGroupSession(DistributedSettings settings, Kind kind, Duration timeout, TCPStore store, Backend backend) {
        this.settings = settings;
        this.kind = kind;
        this.timeout = timeout;
        this.store = store;
        this.backend = backend;
    }

    /** Meets the other ranks at the rendezvous and opens the process group; waits at most {@code timeout} for them. */
    public static ProcessGroupSession open(DistributedSettings settings, Kind kind, Duration timeout) throws DistributedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        TCPStore store = settings.isLeader() ? openServer(settings, timeout) : connect(settings, timeout, deadline);
        awaitEveryRank(store, settings, timeout, deadline);
        Backend backend = kind == Kind.GLOO ? gloo(store, settings, timeout) : nccl(store, settings);
        return new ProcessGroupSession(settings, kind, timeout, store, backend);
    }

    private static TCPStoreOptions options(DistributedSettings settings, boolean server, Duration timeout) {
        TCPStoreOptions options = new TCPStoreOptions();
        options.port((short) settings.masterPort()); // c10d reads it as uint16
        options.isServer(server);
        options.numWorkers(new SizeTPointer(1).put(settings.worldSize()));
        options.waitWorkers(false); // the join below waits, with a message of ours
        options.timeout(new Milliseconds(timeout.toMillis()));
        return options;
    }

    private static TCPStore openServer(DistributedSettings settings, Duration timeout) throws DistributedException {
        try {
            return new TCPStore(settings.masterAddress(), options(settings, true, timeout));
        } catch (RuntimeException e) {
            throw new DistributedException("rank 0 could not open the rendezvous on port " + settings.masterPort() + ": "
                    + firstLine(e) + " (is MASTER_PORT free on this machine?)", e);
        }
    }

    /**
     * Connects to rank 0's store, retrying with short tries until the deadline: ranks start in
     * any order, and one long c10d connect attempt can outlast a store that came up meanwhile.
     */
    private static TCPStore connect(DistributedSettings settings, Duration timeout, long deadline) throws DistributedException {
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try {
                return new TCPStore(settings.masterAddress(), options(settings, false, Duration.ofMillis(Math.min(5_000, left))));
            } catch (RuntimeException e) {
                last = e;
                sleep(500);
            }
        }
        throw new DistributedException("rank " + settings.rank() + " could not reach the rendezvous at " + settings.masterAddress()
                + ":" + settings.masterPort() + " within " + timeout.toSeconds() + " s" + (last == null ? "" : " (" + firstLine(last) + ")")
                + ": is rank 0 running, and are MASTER_ADDR and MASTER_PORT right?");
    }

    private static void awaitEveryRank(TCPStore store, DistributedSettings settings, Duration timeout, long deadline)
            throws DistributedException {
        try {
            store.add(JOINED, 1);
            long joined;
            while ((joined = store.add(JOINED, 0)) < settings.worldSize()) {
                if (System.nanoTime() > deadline) {
                    throw new DistributedException("rank " + settings.rank() + ": only " + joined + " of " + settings.worldSize()
                            + " ranks joined within " + timeout.toSeconds() + " s; start every rank (WORLD_SIZE="
                            + settings.worldSize() + ")");
                }
                sleep(50);
            }
        } catch (RuntimeException e) {
            throw new DistributedException("rank " + settings.rank() + ": the rendezvous failed: " + firstLine(e), e);
        }
    }

    private static Backend gloo(TCPStore store, DistributedSettings settings, Duration timeout) throws DistributedException {
        try {
            ProcessGroupGloo.Options options = new ProcessGroupGloo.Options(new Milliseconds(timeout.toMillis()));
            options.devices().push_back(glooDevice(settings));
            return new ProcessGroupGloo(store, settings.rank(), settings.worldSize(), options);
        } catch (RuntimeException e) {
            throw new DistributedException("rank " + settings.rank() + " could not open the Gloo process group: " + firstLine(e), e);
        }
    }

    /** The network interface Gloo uses: GLOO_SOCKET_IFNAME if set, loopback for a one-machine job, else the host's own. */
    private static org.bytedeco.pytorch.gloo.Device glooDevice(DistributedSettings settings) {
        String iface = System.getenv("GLOO_SOCKET_IFNAME");
        if (iface != null && !iface.isBlank()) {
            return ProcessGroupGloo.createDeviceForInterface(iface.trim());
        }
        String master = settings.masterAddress().toLowerCase(Locale.ROOT);
        if (master.equals("localhost") || master.startsWith("127.")) {
            return ProcessGroupGloo.createDeviceForHostname("127.0.0.1");
        }
        return ProcessGroupGloo.createDefaultDevice();
    }

    /** NCCL: written to the presets' API, never run here (no GPU); see docs/distributed.md. */
    private static Backend nccl(TCPStore store, DistributedSettings settings) throws DistributedException {
        try {
            if (!torch.cuda_is_available() || torch.cuda_device_count() <= settings.localRank()) {
                throw new DistributedException("rank " + settings.rank() + ": NCCL needs a CUDA device for LOCAL_RANK="
                        + settings.localRank() + " but LibTorch sees " + (torch.cuda_is_available() ? torch.cuda_device_count() : 0)
                        + " (use the GPU build, -Pgpu, or --dist-backend gloo)");
            }
            return new ProcessGroupNCCL(store, settings.rank(), settings.worldSize());
        } catch (RuntimeException | LinkageError e) {
            throw new DistributedException("rank " + settings.rank() + ": NCCL is not usable in this build: " + e.getMessage()
                    + " (use the GPU build, -Pgpu, with NCCL installed, or --dist-backend gloo)", e);
        }
    }

    @Override
    public int rank() {
        return settings.rank();
    }

    @Override
    public int worldSize() {
        return settings.worldSize();
    }

    @Override
    public void sum(Tensor tensor) throws DistributedException {
        run("all-reduce", tensor, true);
    }

    @Override
    public void broadcastFromLeader(Tensor tensor) throws DistributedException {
        run("broadcast", tensor, false);
    }

    private void run(String what, Tensor tensor, boolean reduce) throws DistributedException {
        // NCCL reduces on the process's GPU: a tensor trained there already is used as it is.
        boolean moved = kind == Kind.NCCL && !tensor.is_cuda();
        Tensor target = moved ? tensor.to(new Device("cuda:" + settings.localRank()), tensor.scalar_type()) : tensor;
        try {
            TensorVector tensors = new TensorVector(target);
            Work work = reduce ? backend.allreduce(tensors) : backend.broadcast(tensors);
            work._wait();
        } catch (RuntimeException e) {
            throw new DistributedException("rank " + settings.rank() + ": " + what + " failed: " + firstLine(e)
                    + "; a peer rank probably died or stopped answering (timeout " + timeout.toSeconds() + " s)", e);
        }
        if (moved) {
            tensor.copy_(target.cpu());
        }
    }

    private static String firstLine(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.replaceAll("^\\[[^\\]]*\\] ", ""); // drop the source path prefix c10d puts first
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
