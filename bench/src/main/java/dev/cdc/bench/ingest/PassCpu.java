package dev.cdc.bench.ingest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a benchmark pass spent this process's CPU (user and kernel time of its threads): in the
 * clients (the edges' threads and their HTTP client's, or the direct writers), in the service's
 * threads, or elsewhere (the JIT, the garbage collector, threads that ended). On a machine whose
 * cores the edges and the service share, this says what a deployment, with its edges elsewhere,
 * would not pay.
 *
 * @param clientMicrosPerChunk  the edges' (or the direct writers') threads
 * @param serviceMicrosPerChunk the service's threads
 * @param otherMicrosPerChunk   the rest of the process
 * @param serviceKernelShare    of the service's threads' time, the share spent in the kernel (system calls)
 */
public record PassCpu(double clientMicrosPerChunk, double serviceMicrosPerChunk, double otherMicrosPerChunk,
        double serviceKernelShare) {
    /** Names of the threads that work for the clients: the benchmark's lanes, the JDK client's, the deadline timer. */
    static final String CLIENT_THREAD_PREFIX = "bench-edge";

    public double totalMicrosPerChunk() {
        return clientMicrosPerChunk + serviceMicrosPerChunk + otherMicrosPerChunk;
    }

    /** The CPU counters at one moment; null fields where the JVM cannot measure them. */
    static final class Snapshot {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private final long processNanos;
        private final Map<Long, Long> threadNanos = new HashMap<>();
        private final Map<Long, Long> threadUserNanos = new HashMap<>();
        private final Map<Long, String> threadNames = new HashMap<>();

        private Snapshot(long processNanos) {
            this.processNanos = processNanos;
        }

        /** Null when this JVM measures no per-thread or process CPU time. */
        static Snapshot take() {
            if (!THREADS.isThreadCpuTimeSupported() || !THREADS.isThreadCpuTimeEnabled()
                    || !(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)) {
                return null;
            }
            Snapshot snapshot = new Snapshot(os.getProcessCpuTime());
            long[] ids = THREADS.getAllThreadIds();
            ThreadInfo[] infos = THREADS.getThreadInfo(ids);
            for (int i = 0; i < ids.length; i++) {
                long nanos = THREADS.getThreadCpuTime(ids[i]);
                long user = THREADS.getThreadUserTime(ids[i]);
                if (infos[i] != null && nanos >= 0 && user >= 0) {
                    snapshot.threadNanos.put(ids[i], nanos);
                    snapshot.threadUserNanos.put(ids[i], user);
                    snapshot.threadNames.put(ids[i], infos[i].getThreadName());
                }
            }
            return snapshot;
        }

        /** The CPU from {@code before} to this snapshot, per chunk; null if either could not be taken. */
        static PassCpu between(Snapshot before, Snapshot after, long chunks) {
            if (before == null || after == null || chunks < 1) {
                return null;
            }
            long client = 0;
            long service = 0;
            long serviceUser = 0;
            for (Map.Entry<Long, Long> thread : after.threadNanos.entrySet()) {
                long id = thread.getKey();
                long spent = thread.getValue() - before.threadNanos.getOrDefault(id, 0L);
                String name = after.threadNames.get(id);
                if (isService(name)) {
                    service += spent;
                    serviceUser += after.threadUserNanos.get(id) - before.threadUserNanos.getOrDefault(id, 0L);
                } else if (isClient(name)) {
                    client += spent;
                }
            }
            long other = Math.max(0, after.processNanos - before.processNanos - client - service);
            double kernelShare = service > 0 ? Math.max(0, 1 - (double) serviceUser / service) : 0;
            return new PassCpu(client / 1e3 / chunks, service / 1e3 / chunks, other / 1e3 / chunks, kernelShare);
        }

        private static boolean isService(String name) {
            return name.startsWith("cdc-ingest");
        }

        private static boolean isClient(String name) {
            return name.startsWith(CLIENT_THREAD_PREFIX) || name.startsWith("HttpClient") || name.equals("cdc-upload-deadlines");
        }
    }
}
