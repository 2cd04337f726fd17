package dev.cdc.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.CdcFormatException;
import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.bundle.BundleFormatException;
import dev.cdc.core.bundle.BundlePair;
import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.entropy.CodeTables;
import dev.cdc.core.modelfile.ModelCodeTables;
import dev.cdc.core.modelfile.ZipEntries;
import dev.cdc.core.shard.EntropyCoding;
import dev.cdc.core.shard.LabelEncoding;
import dev.cdc.core.shard.ModelFingerprint;
import dev.cdc.core.shard.ShardChunks;
import dev.cdc.core.shard.ShardHeader;
import dev.cdc.core.upload.SyntheticSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's pieces on their own: tokens, store, directory fsyncs, acceptance, bundle manifest. */
class IngestPartsTest {
    @TempDir
    Path dir;

    @Test
    void tokensAreStoredHashedAndNameTheirEdge() throws Exception {
        Path file = dir.resolve("tokens.json");
        String a = EdgeTokens.addEdge(file, "a", false);
        String b = EdgeTokens.addEdge(file, "b", false);
        assertFalse(Files.readString(file).contains(a), "only the hash is stored");
        EdgeTokens tokens = EdgeTokens.load(file);
        assertEquals("a", tokens.edgeFor(a).orElseThrow());
        assertEquals("b", tokens.edgeFor(b).orElseThrow());
        assertTrue(tokens.edgeFor(a + "x").isEmpty());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EdgeTokens.addEdge(file, "a", false)).getMessage()
                .contains("--replace"));
        String a2 = EdgeTokens.addEdge(file, "a", true);
        assertTrue(EdgeTokens.load(file).edgeFor(a).isEmpty(), "the replaced token stops working");
        assertEquals("a", EdgeTokens.load(file).edgeFor(a2).orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> EdgeTokens.addEdge(file, "../x", false));
        Files.writeString(file, "{\"format\":\"cdc-tokens\",\"edges\":{\"a\":\"12\"}}");
        assertTrue(assertThrows(CdcFormatException.class, () -> EdgeTokens.load(file)).getMessage().contains("SHA-256"));
        assertTrue(assertThrows(CdcFormatException.class, () -> EdgeTokens.load(dir.resolve("none"))).getMessage()
                .contains("cdc token add"));
    }

    @Test
    void racingCopiesOfAChunkAreStoredOnce() throws Exception {
        ChunkStore store = ChunkStore.open(dir.resolve("store"));
        byte[] body = new SyntheticSource(50, 1, 2).encode(2, 0, 50);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<ChunkStore.Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            outcomes.add(pool.submit(() -> store.put("e", "s", 3, body, 50, 2)));
        }
        int stored = 0;
        for (Future<ChunkStore.Outcome> outcome : outcomes) {
            stored += outcome.get().repeated() ? 0 : 1;
        }
        pool.shutdown();
        assertEquals(1, stored);
        assertEquals(List.of(3L), store.sequences("e", "s"));
        try (var files = Files.list(dir.resolve("store/e/s"))) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void directoryFsyncsAreSharedAndLeaveNoStateBehind() throws Exception {
        DirectorySyncs syncs = new DirectorySyncs();
        Path shard = Files.createDirectories(dir.resolve("store/e/s"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (Future<?> call : forceAtOnce(pool, syncs, shard, 64)) {
            call.get();
        }
        assertEquals(0, syncs.tracked(), "nothing is kept for a directory nobody waits on");
        // A failing fsync fails every caller that needed it, and the next caller tries again.
        Path missing = dir.resolve("store/gone");
        for (Future<?> call : forceAtOnce(pool, syncs, missing, 8)) {
            ExecutionException e = assertThrows(ExecutionException.class, call::get);
            assertTrue(e.getCause() instanceof java.io.IOException, e.getCause().toString());
        }
        pool.shutdown();
        assertEquals(0, syncs.tracked());
        Files.createDirectories(missing);
        syncs.force(missing);
    }

    private static List<Future<?>> forceAtOnce(ExecutorService pool, DirectorySyncs syncs, Path dir, int callers) {
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            calls.add(pool.submit(() -> {
                syncs.force(dir);
                return null;
            }));
        }
        return calls;
    }

    @Test
    void fixedRangeWhoseValuesOverflowIsRefusedAtTheDoor() throws Exception {
        int[] latent = {2, 7, 7};
        // Finite ends, but (hi - lo) overflows float32, so code 0 decodes to NaN (0 times an infinite step).
        CodecSpec codec = CodecSpec.fixed(2, -3e38f, 3e38f);
        ShardHeader header = new ShardHeader(ModelFingerprint.sha256("wide range"), codec, latent, LabelEncoding.U8, 10, "t");
        Bundle bundle = new Bundle(dir.resolve("bundle"), new int[] {1, 28, 28}, 10, latent,
                List.of(new BundlePair(2, header.fingerprint(), "e.cdcm", codec, Map.of())));
        byte[] codes = new byte[4 * header.recordBytes()];
        byte[] body = ShardChunks.singleChunkShard(header, new int[] {0, 1, 2, 3}, codes);
        IngestRejection refused = assertThrows(IngestRejection.class, () -> new ChunkAcceptance(bundle).check(body));
        assertEquals(RejectReason.INVALID_RECORDS, refused.reason());
        assertTrue(refused.getMessage().contains("decodes to NaN"), refused.getMessage());

        CodecSpec sane = CodecSpec.fixed(2, 0f, 1f);
        ShardHeader good = new ShardHeader(header.fingerprint(), sane, latent, LabelEncoding.U8, 10, "t");
        Bundle saneBundle = new Bundle(dir.resolve("bundle2"), new int[] {1, 28, 28}, 10, latent,
                List.of(new BundlePair(2, good.fingerprint(), "e.cdcm", sane, Map.of())));
        assertEquals(4, new ChunkAcceptance(saneBundle).check(ShardChunks.singleChunkShard(good, new int[] {0, 1, 2, 3}, codes))
                .records());
    }

    /** A rANS-coded chunk is decoded at the door with the tables of the bundle's own model, and refused otherwise. */
    @Test
    void ransChunksAreCheckedWithTheTablesOfTheBundlesModel() throws Exception {
        int[] latent = {2, 7, 7};
        CodecSpec codec = CodecSpec.fixed(2, 0f, 1f);
        SplittableRandom random = new SplittableRandom(3);
        byte[] symbols = new byte[40 * 98];
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(4) : (i % 98) % 4);
        }
        CodeTables tables = CodeTables.fit(symbols, 40, 1, 98, 4, CodeTables.Layout.PER_POSITION);
        ShardHeader header = new ShardHeader(ModelFingerprint.sha256("rans model"), codec, latent, LabelEncoding.U8, 10, "t",
                EntropyCoding.rans(tables.fingerprint()));
        Path bundleDir = Files.createDirectories(dir.resolve("rans-bundle"));
        ZipEntries.write(bundleDir.resolve("e.cdcm"), Map.of(ModelCodeTables.ENTRY, tables.toBytes()));
        Bundle bundle = new Bundle(bundleDir, new int[] {1, 28, 28}, 10, latent,
                List.of(new BundlePair(2, header.fingerprint(), "e.cdcm", codec, Map.of())));
        byte[] codes = new byte[4 * header.recordBytes()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) 0x5A;
        }
        byte[] body = ShardChunks.singleChunkShard(header, tables, new int[] {0, 1, 2, 3}, codes);
        assertEquals(4, new ChunkAcceptance(bundle).check(body).records());

        // Coded with other tables than the model's: the shard names them, and they are not the bundle's.
        CodeTables other = CodeTables.fit(new byte[98], 1, 1, 98, 4, CodeTables.Layout.SINGLE);
        ShardHeader foreign = header.withCoding(EntropyCoding.rans(other.fingerprint()));
        IngestRejection mismatch = assertThrows(IngestRejection.class, () -> new ChunkAcceptance(bundle)
                .check(ShardChunks.singleChunkShard(foreign, other, new int[] {0, 1, 2, 3}, codes)));
        assertEquals(RejectReason.CODEC_MISMATCH, mismatch.reason());

        // A bundle whose model has no tables cannot decode rANS at all.
        Path bare = Files.createDirectories(dir.resolve("bare-bundle"));
        ZipEntries.write(bare.resolve("e.cdcm"), Map.of("model.json", new byte[] {'{', '}'}));
        Bundle bareBundle = new Bundle(bare, new int[] {1, 28, 28}, 10, latent,
                List.of(new BundlePair(2, header.fingerprint(), "e.cdcm", codec, Map.of())));
        IngestRejection none = assertThrows(IngestRejection.class, () -> new ChunkAcceptance(bareBundle).check(body));
        assertEquals(RejectReason.CODEC_MISMATCH, none.reason());
        assertTrue(none.getMessage().contains("no code tables"), none.getMessage());

        // Label poison in the labels block, the CRC made right again: refused as the cloud's reader would.
        byte[] poisoned = body.clone();
        int chunkStart = 16 + ByteBuffer.wrap(poisoned).order(ByteOrder.LITTLE_ENDIAN).getInt(12) + 4;
        poisoned[chunkStart + 16 + 2] = (byte) 200;
        int end = poisoned.length - 4;
        CRC32C crc = new CRC32C();
        crc.update(poisoned, chunkStart, end - chunkStart);
        ByteBuffer.wrap(poisoned).order(ByteOrder.LITTLE_ENDIAN).putInt(end, (int) crc.getValue());
        IngestRejection poison = assertThrows(IngestRejection.class, () -> new ChunkAcceptance(bundle).check(poisoned));
        assertEquals(RejectReason.INVALID_RECORDS, poison.reason());
        assertTrue(poison.getMessage().contains("label 200"), poison.getMessage());
    }

    @Test
    void temporaryFilesACrashLeftAreRemovedOnOpen() throws Exception {
        Path shard = Files.createDirectories(dir.resolve("store/e/s"));
        Files.write(shard.resolve(".incoming-123.tmp"), new byte[10]);
        ChunkStore.open(dir.resolve("store"));
        assertFalse(Files.exists(shard.resolve(".incoming-123.tmp")));
    }

    @Test
    void bundleManifestRoundTripsAndRefusesNonsense() throws Exception {
        Bundle written = SyntheticSource.bundle(dir.resolve("b"), 1, 2, 4);
        Bundle read = Bundle.read(dir.resolve("b"));
        assertEquals(written, read);
        assertEquals(2, read.pair(SyntheticSource.fingerprint(2)).orElseThrow().bits());
        assertTrue(assertThrows(BundleFormatException.class, () -> Bundle.read(dir)).getMessage().contains("has no bundle.json"));
        Path manifest = dir.resolve("b/bundle.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"k1.cdcm\"", "\"../k1.cdcm\""));
        assertTrue(assertThrows(BundleFormatException.class, () -> Bundle.read(dir.resolve("b"))).getMessage()
                .contains("plain file name inside the bundle"));
        Files.writeString(manifest, "{");
        assertTrue(assertThrows(BundleFormatException.class, () -> Bundle.read(dir.resolve("b"))).getMessage()
                .contains("not valid JSON"));
    }
}
