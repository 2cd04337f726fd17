package dev.cdc.bench.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.ingest.ChunkStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `cdc bench ingest` run small: every path stores every chunk once, and the figures add up (speed is not asserted). */
class IngestBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void everyPathStoresEveryChunkAndTheFiguresAddUp() throws Exception {
        IngestBenchmark.Settings settings = new IngestBenchmark.Settings(2, 3, 7, 16, 2, 2);
        IngestBenchmark.Result result = IngestBenchmark.run(settings, dir, pass -> { }, 0);
        assertEquals(1, result.warmup().passes(), "a warm-up of at most 0 s is one pass");
        assertEquals(2, result.service().size());
        assertEquals(2, result.jdkClient().size());
        assertEquals(2, result.direct().size());
        long bytesPerPass = 2L * 7 * result.chunkBytes();
        for (List<IngestBenchmark.Pass> passes : List.of(result.service(), result.jdkClient(), result.direct())) {
            for (IngestBenchmark.Pass pass : passes) {
                assertEquals(bytesPerPass, pass.bytes());
                assertEquals(2L * 7 * 16, pass.records());
            }
        }
        ChunkStore store = ChunkStore.open(dir.resolve("store"));
        for (int edge = 0; edge < 2; edge++) {
            // Seven chunks on three lanes: lane 0 sends 0, 3, 6; lane 1 sends 1, 4; lane 2 sends 2, 5.
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), store.sequences("edge-" + edge, "pass-2"));
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), store.sequences("edge-" + edge, "pass-2-jdk"));
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), store.sequences("direct-" + edge, "pass-2"));
        }
        assertTrue(result.serviceOverDirect() > 0 && result.jdkClientMegabytesPerSecond() > 0, result.toString());
        // Where the CPU went: the service's threads work when chunks go through the service (an idle
        // server's housekeeping aside), the writers' threads do the direct store's work.
        double serviceWhenServing = Double.MAX_VALUE;
        for (IngestBenchmark.Pass pass : result.service()) {
            assertTrue(pass.cpu().serviceMicrosPerChunk() > 0 && pass.cpu().clientMicrosPerChunk() > 0, pass.toString());
            serviceWhenServing = Math.min(serviceWhenServing, pass.cpu().serviceMicrosPerChunk());
        }
        for (IngestBenchmark.Pass pass : result.direct()) {
            assertTrue(pass.cpu().serviceMicrosPerChunk() < serviceWhenServing / 4, pass + " against " + serviceWhenServing);
            assertTrue(pass.cpu().clientMicrosPerChunk() > 0, pass.toString());
        }
    }

    /** A repeat where the disk was slow for both paths counts as it should: by its own ratio. */
    @Test
    void pairedRatioIsTheMedianOfEachRepeatsOwnRatio() {
        List<IngestBenchmark.Pass> service = List.of(pass(1.0), pass(4.0), pass(2.0));
        List<IngestBenchmark.Pass> direct = List.of(pass(0.5), pass(1.0), pass(2.5));
        // Ratios 0.5, 0.25, 0.8 (seconds inverted): the median is 0.5.
        assertEquals(0.5, IngestBenchmark.pairedRatio(service, direct), 1e-12);
        assertEquals(0.375, IngestBenchmark.pairedRatio(service.subList(0, 2), direct.subList(0, 2)), 1e-12);
    }

    private static IngestBenchmark.Pass pass(double seconds) {
        return new IngestBenchmark.Pass(seconds, 1_000_000, 100, null);
    }
}
