package dev.cdc.core.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.ingest.IngestFixture;
import dev.cdc.core.ingest.StoreCheck;
import dev.cdc.core.ingest.ThrottlingProxy;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads on loopback through a link that slows down, drops connections, and loses its service;
 * and edges that crash or come twenty at a time. Every test ends with {@link StoreCheck}: each
 * record stored exactly once, byte for byte what the edge encoded.
 */
class UploadScenariosTest {
    private static final RetryPolicy FAST_RETRY = new RetryPolicy(60, Duration.ofMillis(5), Duration.ofMillis(200));
    @TempDir
    Path dir;

    private Uploader.Summary upload(IngestFixture fixture, URI server, int edge, ChunkSource source, Uploader.Options options,
            UploadListener listener) throws IOException {
        ChunkSender sender = new ChunkSender(server, fixture.token(edge), null, FAST_RETRY, Duration.ofSeconds(30));
        try (UploadJournal journal = UploadJournal.open(dir.resolve("journals/edge-" + edge + ".journal"),
                Uploader.identity(source, options))) {
            return new Uploader(source, sender, journal, options, listener).run();
        }
    }

    private static URI proxied(ThrottlingProxy proxy) {
        return URI.create("http://127.0.0.1:" + proxy.port() + "/");
    }

    @Test
    void widthFollowsTheLinkDownAndBackUp() throws Exception {
        try (IngestFixture fixture = new IngestFixture(dir, 1, 1 << 20);
                ThrottlingProxy proxy = new ThrottlingProxy(fixture.server.port(), 1)) {
            SyntheticSource source = new SyntheticSource(3000, 1, IngestFixture.WIDTHS);
            Map<Long, Integer> bits = new ConcurrentHashMap<>();
            UploadListener link = progress -> {
                bits.put(progress.sequence(), progress.bits());
                if (progress.sequence() == 5) {
                    proxy.setRate(4000); // chunks 6..11 cross a 4 kB/s link
                } else if (progress.sequence() == 11) {
                    proxy.setRate(0);
                }
            };
            Uploader.Summary summary = upload(fixture, proxied(proxy), 0, source,
                    new Uploader.Options("edge-0", "s", 100, Duration.ofSeconds(20), 0), link);
            StoreCheck.everyRecordOnce(fixture.store, "edge-0", "s", source, 100);
            assertEquals(8, bits.get(5L), "a fast link gets the widest k: " + bits);
            int narrowest = bits.entrySet().stream().filter(e -> e.getKey() > 5 && e.getKey() <= 11)
                    .mapToInt(Map.Entry::getValue).min().orElseThrow();
            assertTrue(narrowest <= 2, "4 kB/s for 24 chunks in under 20 s needs k <= 2: " + bits);
            assertEquals(8, bits.get(29L), "k is back at 8 once the throttle lifts: " + bits);
            assertTrue(summary.deadlineMet(), "finished in " + summary.seconds() + " s");
        }
    }

    @Test
    void twentyEdgesAtOnce() throws Exception {
        int edges = 20;
        try (IngestFixture fixture = new IngestFixture(dir, edges, 1 << 20)) {
            ExecutorService pool = Executors.newFixedThreadPool(edges);
            List<Future<Uploader.Summary>> results = new ArrayList<>();
            List<SyntheticSource> sources = new ArrayList<>();
            for (int e = 0; e < edges; e++) {
                SyntheticSource source = new SyntheticSource(400 + 13 * e, 100 + e, IngestFixture.WIDTHS);
                sources.add(source);
                int edge = e;
                // Half the edges send one chunk at a time, half keep three in flight.
                results.add(pool.submit(() -> upload(fixture, fixture.server.uri(), edge, source,
                        new Uploader.Options("edge-" + edge, "s", 50, null, 0, 1 + 2 * (edge % 2)), UploadListener.NONE)));
            }
            long records = 0;
            for (int e = 0; e < edges; e++) {
                assertEquals(sources.get(e).records(), results.get(e).get().records());
                StoreCheck.everyRecordOnce(fixture.store, "edge-" + e, "s", sources.get(e), 50);
                records += sources.get(e).records();
            }
            pool.shutdown();
            assertEquals(records, fixture.server.metrics().records());
        }
    }

    @Test
    void connectionsDroppedAtRandom() throws Exception {
        try (IngestFixture fixture = new IngestFixture(dir, 1, 1 << 20);
                ThrottlingProxy proxy = new ThrottlingProxy(fixture.server.port(), 42)) {
            proxy.setDropProbability(0.03);
            SyntheticSource source = new SyntheticSource(2000, 3, IngestFixture.WIDTHS);
            int[] retries = {0};
            UploadListener listener = new UploadListener() {
                @Override
                public void chunkAcknowledged(Progress progress) {
                }

                @Override
                public void retrying(long sequence, int attempt, String cause, Duration delay) {
                    retries[0]++;
                }
            };
            upload(fixture, proxied(proxy), 0, source, new Uploader.Options("edge-0", "s", 50, null, 0), listener);
            StoreCheck.everyRecordOnce(fixture.store, "edge-0", "s", source, 50);
            assertTrue(proxy.drops() > 3 && retries[0] > 3, proxy.drops() + " drops, " + retries[0] + " retries");
        }
    }

    @Test
    void serviceKilledMidUploadAndRestarted() throws Exception {
        try (IngestFixture fixture = new IngestFixture(dir, 1, 1 << 20);
                ThrottlingProxy proxy = new ThrottlingProxy(fixture.server.port(), 5)) {
            SyntheticSource source = new SyntheticSource(4000, 4, IngestFixture.WIDTHS);
            Thread killer = new Thread(() -> {
                try {
                    while (fixture.server.metrics().chunks() < 20) {
                        Thread.sleep(1);
                    }
                    fixture.server.close();
                    Thread.sleep(700);
                    fixture.start(0); // a new process would come back on its own port; the link follows it
                    proxy.retarget(fixture.server.port());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            killer.start();
            upload(fixture, proxied(proxy), 0, source, new Uploader.Options("edge-0", "s", 50, null, 0), UploadListener.NONE);
            killer.join();
            StoreCheck.everyRecordOnce(fixture.store, "edge-0", "s", source, 50);
            assertTrue(fixture.server.metrics().chunks() < 80, "the restarted service stored only the rest");
        }
    }

    @Test
    void edgeCrashBetweenStoreAndJournalResumesWithoutDuplicates() throws Exception {
        try (IngestFixture fixture = new IngestFixture(dir, 1, 1 << 20)) {
            SyntheticSource source = new SyntheticSource(1000, 9, IngestFixture.WIDTHS);
            Uploader.Options options = new Uploader.Options("edge-0", "s", 50, null, 0);
            UploadListener crash = progress -> {
                if (progress.sequence() == 7) {
                    throw new IllegalStateException("simulated crash");
                }
            };
            assertThrows(IllegalStateException.class, () -> upload(fixture, fixture.server.uri(), 0, source, options, crash));
            // The crash came before the last acknowledgement reached the disk, and tore the line after it.
            Path journal = dir.resolve("journals/edge-0.journal");
            List<String> lines = Files.readAllLines(journal);
            assertEquals("ack 7 8 50", lines.get(lines.size() - 1));
            String torn = String.join("\n", lines.subList(0, lines.size() - 1)) + "\nack 7 8";
            Files.writeString(journal, torn, StandardCharsets.UTF_8);

            Uploader.Summary resumed = upload(fixture, fixture.server.uri(), 0, source, options, UploadListener.NONE);
            assertEquals(13, resumed.chunksSent(), "chunks 7..19 sent again");
            assertEquals(1, resumed.chunksRepeated(), "chunk 7 was stored already and is not stored twice");
            StoreCheck.everyRecordOnce(fixture.store, "edge-0", "s", source, 50);
            assertEquals(20, fixture.server.metrics().chunks());
        }
    }

    @Test
    void chunksInFlightSurviveDroppedConnectionsAndACrashWithoutDuplicates() throws Exception {
        try (IngestFixture fixture = new IngestFixture(dir, 1, 1 << 20);
                ThrottlingProxy proxy = new ThrottlingProxy(fixture.server.port(), 7)) {
            proxy.setDropProbability(0.03);
            SyntheticSource source = new SyntheticSource(3000, 11, IngestFixture.WIDTHS);
            Uploader.Options options = new Uploader.Options("edge-0", "s", 50, null, 0, 4);
            List<Long> order = new ArrayList<>();
            UploadListener crash = progress -> {
                order.add(progress.sequence());
                if (order.size() == 30) {
                    throw new IllegalStateException("simulated crash with chunks in flight");
                }
            };
            assertThrows(IllegalStateException.class, () -> upload(fixture, proxied(proxy), 0, source, options, crash));
            proxy.setDropProbability(0);
            Uploader.Summary resumed = upload(fixture, proxied(proxy), 0, source, options, UploadListener.NONE);
            StoreCheck.everyRecordOnce(fixture.store, "edge-0", "s", source, 50);
            assertEquals(60 - 30, resumed.chunksSent(), "exactly the chunks not journaled are sent again");
            assertEquals(60, fixture.server.metrics().chunks(), "no chunk was stored twice");
            assertTrue(resumed.chunksRepeated() <= 4, "at most the chunks in flight at the crash were stored unjournaled: "
                    + resumed.chunksRepeated());
        }
    }

    @Test
    void refusedChunkStopsTheUploadWithTheServicesMessage() throws Exception {
        try (IngestFixture fixture = new IngestFixture(dir, 1, 1 << 20)) {
            SyntheticSource threeBit = new SyntheticSource(100, 1, 3);
            UploadException e = assertThrows(UploadException.class, () -> upload(fixture, fixture.server.uri(), 0, threeBit,
                    new Uploader.Options("edge-0", "s", 50, null, 0), UploadListener.NONE));
            assertTrue(e.getMessage().contains("refused chunk 0 (HTTP 422): unsupported_k: codes are 3-bit"), e.getMessage());
        }
    }

    @Test
    void unreachableServiceFailsAfterItsRetries() throws Exception {
        try (IngestFixture fixture = new IngestFixture(dir, 1, 1 << 20)) {
            URI gone = fixture.server.uri();
            fixture.server.close();
            fixture.server = null;
            ChunkSender sender = new ChunkSender(gone, fixture.token(0), null,
                    new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2)), Duration.ofSeconds(2));
            SyntheticSource source = new SyntheticSource(10, 1, 2);
            UploadException e = assertThrows(UploadException.class,
                    () -> sender.put("edge-0", "s", 0, source.encode(2, 0, 10), (s, a, c, d) -> {
                    }));
            assertTrue(e.getMessage().contains("failed 3 tries") && e.getMessage().contains("run the same command again"),
                    e.getMessage());
        }
    }
}
