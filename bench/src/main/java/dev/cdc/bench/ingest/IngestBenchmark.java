package dev.cdc.bench.ingest;

import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.ingest.ChunkStore;
import dev.cdc.core.ingest.EdgeTokens;
import dev.cdc.core.ingest.IngestAttack;
import dev.cdc.core.ingest.IngestServer;
import dev.cdc.core.bundle.BundlePair;
import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.shard.LabelEncoding;
import dev.cdc.core.shard.ModelFingerprint;
import dev.cdc.core.shard.ShardChunks;
import dev.cdc.core.shard.ShardHeader;
import dev.cdc.core.upload.ChunkSender;
import dev.cdc.core.upload.RetryPolicy;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Sustained ingest on loopback: several edges PUT pre-encoded chunks to a real service as fast
 * as it acknowledges them, each acknowledgement after an fsync, each edge with a few chunks in
 * flight as {@code cdc upload} sends them. The peer, in the same run, is the same chunks stored by
 * the same store directly, with the same durability and as many concurrent writers as the
 * service has chunks in flight, but no HTTP, no authentication and no checking: the ratio says
 * what the service costs over the disk.
 */
public final class IngestBenchmark {
    private static final int[] LATENT = {2, 7, 7};
    /** Attackers come from 127.0.0.2 to 127.0.0.9, so each address holds a share of them. */
    private static final int ATTACK_SOURCES = 8;
    /** The JIT counts as quiet once it compiles for less than this share of a warm-up pass. */
    static final double QUIET_COMPILE_SHARE = 0.05;
    static final double MAX_WARMUP_SECONDS = 90;

    /**
     * @param edges           concurrent uploading edges
     * @param inFlight        chunks each edge has in flight at once; the direct peer has edges x inFlight writers
     * @param chunksPerEdge   chunks each edge sends per repeat
     * @param recordsPerChunk records in each chunk
     * @param bits            k of the codes
     * @param repeats         timed repeats; the median is reported
     * @param slowHeaderClients with {@code idleClients}: after the quiet passes, the same passes again
     *                        while this many clients trickle headers they never finish ({@link IngestAttack})
     * @param idleClients     ... and this many hold connections without sending anything
     */
    public record Settings(int edges, int inFlight, int chunksPerEdge, int recordsPerChunk, int bits, int repeats,
            int slowHeaderClients, int idleClients) {
        public Settings {
            if (edges < 1 || inFlight < 1 || chunksPerEdge < 1 || recordsPerChunk < 1 || repeats < 1) {
                throw new IllegalArgumentException("edges, chunks in flight, chunks, records and repeats must be at least 1");
            }
            if (slowHeaderClients < 0 || idleClients < 0) {
                throw new IllegalArgumentException("attacking clients cannot be negative");
            }
            CodecSpec.fixed(bits, 0f, 1f);
        }

        public Settings(int edges, int inFlight, int chunksPerEdge, int recordsPerChunk, int bits, int repeats) {
            this(edges, inFlight, chunksPerEdge, recordsPerChunk, bits, repeats, 0, 0);
        }

        int writers() {
            return edges * inFlight;
        }

        boolean attacked() {
            return slowHeaderClients + idleClients > 0;
        }
    }

    /** One timed pass; {@code cpu} is where its CPU went (null where the JVM cannot tell). */
    public record Pass(double seconds, long bytes, long records, PassCpu cpu) {
        public double megabytesPerSecond() {
            return bytes / seconds / 1e6;
        }

        public double recordsPerSecond() {
            return records / seconds;
        }
    }

    /**
     * Medians over the repeats: the service with the client {@code cdc upload} uses ({@link ChunkSender}),
     * the service with the JDK's {@link HttpClient} (the client {@code cdc upload} used before; on
     * shared cores its heavier CPU shows), and the direct store; under attack (when asked): the service's
     * passes while the attack held its connections, their median over the quiet service's, and
     * what the attack's health prober saw. The paired ratios are medians of each repeat's own
     * ratio (its passes ran back to back), which a disk whose speed drifts between repeats
     * disturbs far less than a ratio of medians taken at different times.
     */
    public record Result(Settings settings, int chunkBytes, Warmup warmup, List<Pass> service, List<Pass> jdkClient,
            List<Pass> direct, double serviceMegabytesPerSecond, double jdkClientMegabytesPerSecond,
            double serviceRecordsPerSecond, double directMegabytesPerSecond, double directRecordsPerSecond, double serviceOverDirect,
            double serviceOverDirectPaired, List<Pass> underAttack, Double attackedOverQuiet, Double attackedOverQuietPaired,
            IngestAttack.Report attack) {
    }

    private IngestBenchmark() {
    }

    /** Runs the benchmark in {@code work} (a scratch directory on the disk to measure); {@code progress} hears each pass. */
    public static Result run(Settings settings, Path work, IntConsumer progress) throws IOException, InterruptedException {
        return run(settings, work, progress, MAX_WARMUP_SECONDS);
    }

    /** As above, warming up for at most {@code maxWarmupSeconds} (at least one pass); tests keep it short. */
    static Result run(Settings settings, Path work, IntConsumer progress, double maxWarmupSeconds)
            throws IOException, InterruptedException {
        ShardHeader header = new ShardHeader(ModelFingerprint.sha256("ingest benchmark encoder"),
                CodecSpec.fixed(settings.bits(), 0f, 1f), LATENT, LabelEncoding.U8, 10, "benchmark");
        Bundle bundle = new Bundle(work.resolve("bundle"), new int[] {1, 28, 28}, 10, LATENT, List.of(new BundlePair(settings.bits(),
                header.fingerprint(), "unused.cdcm", header.codec(), Map.of())));
        Files.createDirectories(bundle.directory());
        bundle.writeManifest();
        Path tokensFile = work.resolve("tokens.json");
        List<String> tokens = new ArrayList<>();
        for (int e = 0; e < settings.edges(); e++) {
            tokens.add(EdgeTokens.addEdge(tokensFile, "edge-" + e, true));
        }
        byte[][] bodies = bodies(header, settings);
        ChunkStore store = ChunkStore.open(work.resolve("store"));
        List<Pass> service = new ArrayList<>();
        List<Pass> direct = new ArrayList<>();
        List<Pass> jdkClient = new ArrayList<>();
        List<Pass> underAttack = new ArrayList<>();
        IngestAttack.Report attackReport = null;
        Warmup warmup;
        try (IngestServer server = IngestServer.start(new IngestServer.Config(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                store, bundle, EdgeTokens.load(tokensFile), null, IngestServer.DEFAULT_MAX_BODY, Math.max(4, settings.writers())))) {
            AtomicInteger lanes = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(settings.writers(),
                    runnable -> new Thread(runnable, PassCpu.CLIENT_THREAD_PREFIX + "-" + lanes.incrementAndGet()));
            List<ChunkSender> senders = senders(server, tokens);
            List<HttpClient> jdkClients = tokens.stream().map(t -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build())
                    .toList();
            try {
                warmup = warmUp(pool, settings, bodies, server, tokens, senders, jdkClients, store, maxWarmupSeconds);
                // Each repeat times every path back to back, and the attacked service right after the
                // quiet one, so that drifts of the disk's speed between repeats affect all alike.
                for (int repeat = 0; repeat < settings.repeats(); repeat++) {
                    String shard = "pass-" + (repeat + 1);
                    service.add(timed(pool, settings, bodies, serviceEdges(senders, shard)));
                    if (settings.attacked()) {
                        try (IngestAttack attack = IngestAttack.start(server.uri(), settings.slowHeaderClients(),
                                settings.idleClients(), IngestAttack.loopbackSources(ATTACK_SOURCES), Duration.ofSeconds(1))) {
                            Thread.sleep(2000); // let the attack take its connections before timing
                            underAttack.add(timed(pool, settings, bodies, serviceEdges(senders, "attacked-" + repeat)));
                            attackReport = attackReport == null ? attack.report() : attackReport.plus(attack.report());
                        }
                    }
                    jdkClient.add(timed(pool, settings, bodies, jdkClientEdges(jdkClients, server, tokens, shard + "-jdk")));
                    direct.add(timed(pool, settings, bodies, directEdges(store, settings, shard)));
                    progress.accept(repeat + 1);
                }
            } finally {
                pool.shutdown();
                senders.forEach(ChunkSender::close);
            }
        }
        Pass serviceMedian = median(service);
        Pass directMedian = median(direct);
        Double attackedOverQuiet = underAttack.isEmpty() ? null
                : median(underAttack).megabytesPerSecond() / serviceMedian.megabytesPerSecond();
        Double attackedOverQuietPaired = underAttack.isEmpty() ? null : pairedRatio(underAttack, service);
        return new Result(settings, bodies[0].length, warmup, service, jdkClient, direct, serviceMedian.megabytesPerSecond(),
                median(jdkClient).megabytesPerSecond(),
                serviceMedian.recordsPerSecond(), directMedian.megabytesPerSecond(), directMedian.recordsPerSecond(),
                serviceMedian.megabytesPerSecond() / directMedian.megabytesPerSecond(), pairedRatio(service, direct), underAttack,
                attackedOverQuiet, attackedOverQuietPaired, attackReport);
    }

    /**
     * The untimed passes before the timed ones, and the share of the last one's wall time the JIT
     * compilers spent compiling.
     */
    public record Warmup(int passes, double seconds, double lastCompileShare) {
    }

    /**
     * Untimed passes of every path until the JIT is quiet: a pass whose compilation time is under
     * {@link #QUIET_COMPILE_SHARE} of its wall time, or {@code maxWarmupSeconds}. One pass was
     * not enough: on 2 cores the C2 compiler took most of a core for the first 40 seconds of
     * Jetty's and the JDK HTTP client's code, and the first wave's 0.24x was largely that.
     */
    private static Warmup warmUp(ExecutorService pool, Settings settings, byte[][] bodies, IngestServer server, List<String> tokens,
            List<ChunkSender> senders, List<HttpClient> jdkClients, ChunkStore store, double maxWarmupSeconds) throws IOException, InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean measurable = jit != null && jit.isCompilationTimeMonitoringSupported();
        long started = System.nanoTime();
        int passes = 0;
        double share = Double.NaN;
        while (true) {
            String shard = "warmup-" + passes;
            long compiledBefore = measurable ? jit.getTotalCompilationTime() : 0;
            long passStarted = System.nanoTime();
            timed(pool, settings, bodies, serviceEdges(senders, shard));
            timed(pool, settings, bodies, jdkClientEdges(jdkClients, server, tokens, shard + "-jdk"));
            timed(pool, settings, bodies, directEdges(store, settings, shard));
            passes++;
            double passMillis = (System.nanoTime() - passStarted) / 1e6;
            share = measurable ? (jit.getTotalCompilationTime() - compiledBefore) / passMillis : Double.NaN;
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!measurable || share < QUIET_COMPILE_SHARE || seconds >= maxWarmupSeconds) {
                return new Warmup(passes, seconds, share);
            }
        }
    }

    /**
     * One client per edge for the whole run, shared by its lanes, as an edge keeps its client: a
     * client per pass would leave its idle connections open on the service and, with short passes,
     * run into the connections one address may hold.
     */
    private static List<ChunkSender> senders(IngestServer server, List<String> tokens) {
        return tokens.stream().map(token -> new ChunkSender(server.uri(), token, null, RetryPolicy.DEFAULT, Duration.ofSeconds(60)))
                .toList();
    }

    /** Edges that PUT to the service with the client {@code cdc upload} uses. */
    private static EdgeFactory serviceEdges(List<ChunkSender> senders, String shard) {
        return (e, lane) -> (seq, body) -> senders.get(e).put("edge-" + e, shard, seq, body, (s, a, c, d) -> { });
    }

    /** The same PUTs through the JDK's {@link HttpClient}, one per edge shared by its lanes. */
    private static EdgeFactory jdkClientEdges(List<HttpClient> clients, IngestServer server, List<String> tokens, String shard) {
        return (e, lane) -> (seq, body) -> {
            HttpRequest request = HttpRequest.newBuilder(server.uri().resolve("v1/edges/edge-" + e + "/shards/" + shard + "/chunks/" + seq))
                    .header("Authorization", "Bearer " + tokens.get(e))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<String> response = clients.get(e).send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 && response.statusCode() != 201) {
                throw new IOException("the service answered HTTP " + response.statusCode() + " to chunk " + seq);
            }
        };
    }

    /** The peer: the same chunks into the same store, no HTTP. */
    private static EdgeFactory directEdges(ChunkStore store, Settings settings, String shard) {
        return (e, lane) -> (seq, body) -> store.put("direct-" + e, shard, seq, body, settings.recordsPerChunk(), settings.bits());
    }

    /** Sends one chunk; what an edge does per sequence number. */
    private interface Put extends AutoCloseable {
        void put(long sequence, byte[] body) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** What one lane (one chunk in flight) of an edge sends with. */
    private interface EdgeFactory {
        Put forLane(int edge, int lane) throws IOException;
    }

    /**
     * Each edge's chunks go out on {@code inFlight} lanes at once, lane i sending chunks i,
     * i + inFlight, ...: on the wire, what an edge with that many chunks in flight does.
     */
    private static Pass timed(ExecutorService pool, Settings settings, byte[][] bodies, EdgeFactory edges)
            throws IOException, InterruptedException {
        List<Callable<Long>> work = new ArrayList<>();
        for (int e = 0; e < settings.edges(); e++) {
            int edge = e;
            for (int lane = 0; lane < settings.inFlight(); lane++) {
                int first = lane;
                work.add(() -> {
                    long bytes = 0;
                    try (Put put = edges.forLane(edge, first)) {
                        for (int c = first; c < settings.chunksPerEdge(); c += settings.inFlight()) {
                            byte[] body = bodies[(edge + c) % bodies.length];
                            put.put(c, body);
                            bytes += body.length;
                        }
                    }
                    return bytes;
                });
            }
        }
        PassCpu.Snapshot cpuBefore = PassCpu.Snapshot.take();
        long started = System.nanoTime();
        long bytes = 0;
        for (Future<Long> done : pool.invokeAll(work)) {
            try {
                bytes += done.get();
            } catch (ExecutionException e) {
                throw new IOException("an edge failed during the benchmark: " + e.getCause().getMessage(), e.getCause());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long chunks = (long) settings.edges() * settings.chunksPerEdge();
        PassCpu cpu = PassCpu.Snapshot.between(cpuBefore, PassCpu.Snapshot.take(), chunks);
        return new Pass(seconds, bytes, chunks * settings.recordsPerChunk(), cpu);
    }

    /** A few distinct chunks of seeded latents in [0, 1], packed as an encoder's output would be. */
    private static byte[][] bodies(ShardHeader header, Settings settings) {
        int n = header.elementsPerRecord();
        int records = settings.recordsPerChunk();
        FastCodec codec = new FastCodec(header.codec());
        byte[][] bodies = new byte[8][];
        for (int b = 0; b < bodies.length; b++) {
            SplittableRandom random = new SplittableRandom(b);
            float[] latent = new float[records * n];
            for (int i = 0; i < latent.length; i++) {
                latent[i] = (float) random.nextDouble();
            }
            int[] labels = new int[records];
            Arrays.setAll(labels, i -> i % 10);
            byte[] codes = new byte[records * header.recordBytes()];
            codec.encodeRecords(latent, records, n, codes);
            bodies[b] = ShardChunks.singleChunkShard(header, labels, codes);
        }
        return bodies;
    }

    /** The median over repeats of {@code top}'s throughput over {@code bottom}'s in the same repeat. */
    static double pairedRatio(List<Pass> top, List<Pass> bottom) {
        double[] ratios = new double[top.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = top.get(i).megabytesPerSecond() / bottom.get(i).megabytesPerSecond();
        }
        Arrays.sort(ratios);
        return ratios.length % 2 == 1 ? ratios[ratios.length / 2] : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
    }

    /** The pass of median duration (of an odd count, the middle one). */
    public static Pass median(List<Pass> passes) {
        List<Pass> sorted = new ArrayList<>(passes);
        sorted.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
        return sorted.get(sorted.size() / 2);
    }
}
