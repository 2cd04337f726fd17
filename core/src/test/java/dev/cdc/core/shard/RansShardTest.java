package dev.cdc.core.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.entropy.CodeTables;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format version 2: rANS-coded chunks read back to exactly the records written, and only with the tables named. */
class RansShardTest {
    private static final ShardHeader PACKED = ShardFixtures.header(CodecSpec.fixed(2, 0f, 1f));
    private static final CodeTables TABLES = ShardFixtures.tables(PACKED);
    private static final ShardHeader RANS = ShardFixtures.rans(PACKED, TABLES);
    @TempDir
    Path dir;

    @Test
    void chunksReadBackToTheRecordsWritten() throws IOException {
        Path shard = dir.resolve("r.cdc");
        ShardFixtures.write(shard, RANS, TABLES, 3, 1, 40);
        byte[] bytes = Files.readAllBytes(shard);
        assertEquals(2, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getShort(8), "rANS shards are version 2");
        try (ShardReader reader = ShardReader.open(shard).useCodeTables(TABLES)) {
            assertEquals(RANS, reader.header());
            assertEquals(44, reader.recordCount());
            assertTrue(reader.damage().isEmpty());
            long first = 0;
            for (int c = 0; c < reader.chunks().size(); c++) {
                ShardReader.Chunk chunk = reader.readChunk(c);
                assertArrayEquals(ShardFixtures.labels(first, chunk.records()), chunk.labels());
                assertArrayEquals(ShardFixtures.codes(PACKED, first, chunk.records()), chunk.codes(), "chunk " + c);
                first += chunk.records();
            }
        }
        // Appending goes on in the same coding.
        try (ShardWriter writer = ShardWriter.openForAppend(shard, TABLES)) {
            writer.append(ShardFixtures.labels(44, 5), ShardFixtures.codes(PACKED, 44, 5));
        }
        try (ShardReader reader = ShardReader.open(shard).useCodeTables(TABLES)) {
            assertArrayEquals(ShardFixtures.codes(PACKED, 44, 5), reader.readChunk(3).codes());
        }
    }

    /** Codes that the tables expect cost far less than k bits each: the point of the coding. */
    @Test
    void skewedCodesTakeFarFewerBytesThanPacked() throws IOException {
        ShardHeader header = new ShardHeader(ShardFixtures.FINGERPRINT, CodecSpec.fixed(4, 0f, 1f), new int[] {2, 7, 7},
                LabelEncoding.U8, 10, "skewed");
        int n = header.elementsPerRecord();
        SplittableRandom random = new SplittableRandom(5);
        int records = 256;
        byte[] symbols = new byte[records * n];
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = (byte) (random.nextInt(10) < 8 ? (i % n) % 16 : random.nextInt(16)); // each position mostly one code
        }
        CodeTables tables = CodeTables.fit(symbols, records, 1, n, 16, CodeTables.Layout.PER_POSITION);
        byte[] packed = new byte[records * header.recordBytes()];
        int[] record = new int[n];
        for (int r = 0; r < records; r++) {
            for (int e = 0; e < n; e++) {
                record[e] = symbols[r * n + e];
            }
            new FastCodec(header.codec()).packCodes(record, 0, n, packed, r * header.recordBytes());
        }
        int[] labels = new int[records];
        byte[] asPacked = ShardChunks.singleChunkShard(header, labels, packed);
        ShardHeader coded = header.withCoding(EntropyCoding.rans(tables.fingerprint()));
        byte[] asRans = ShardChunks.singleChunkShard(coded, tables, labels, packed);
        int streamBytes = asRans.length - headerLength(asRans) - ShardFormat.CHUNK_HEADER_BYTES - records - ShardFormat.CRC_BYTES;
        double bitsPerCode = 8.0 * streamBytes / (records * n);
        assertTrue(asRans.length * 2 < asPacked.length, asRans.length + " bytes rANS, " + asPacked.length + " packed");
        // Within 2% of the tables' cross-entropy on the codes coded (plus the 4-byte state).
        double crossEntropy = tables.bits(symbols, symbols.length) / symbols.length;
        assertTrue(bitsPerCode < crossEntropy * 1.02 + 0.01, bitsPerCode + " bits per code against " + crossEntropy);
        try (ShardReader reader = ShardReader.open(Path.of("skewed.cdc"), asRans).useCodeTables(tables)) {
            assertArrayEquals(packed, reader.readChunk(0).codes());
        }
    }

    @Test
    void readingNeedsTheTablesTheShardNames() throws IOException {
        Path shard = dir.resolve("r.cdc");
        ShardFixtures.write(shard, RANS, TABLES, 4);
        try (ShardReader reader = ShardReader.open(shard)) {
            ShardFormatException none = assertThrows(ShardFormatException.class, () -> reader.readChunk(0));
            assertTrue(none.getMessage().contains("rANS") && none.getMessage().contains(RANS.coding().tables().toString()),
                    none.getMessage());
            CodeTables other = ShardFixtures.tables(ShardFixtures.header(CodecSpec.fixed(2, 0.1f, 1f)));
            ShardFormatException wrong = assertThrows(ShardFormatException.class, () -> reader.useCodeTables(other));
            assertTrue(wrong.getMessage().contains("not the shard's"), wrong.getMessage());
            ShardFormatException missing = assertThrows(ShardFormatException.class, () -> reader.useCodeTables(null));
            assertTrue(missing.getMessage().contains("has none"), missing.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ShardWriter.create(dir.resolve("x.cdc"), RANS, null));
        assertThrows(IllegalArgumentException.class, () -> ShardChunks.encode(RANS, new int[1], new byte[PACKED.recordBytes()]));
        // Block mode's ranges are not codes: rANS takes a fixed-range codec only.
        assertThrows(IllegalArgumentException.class, () -> new ShardHeader(ShardFixtures.FINGERPRINT, CodecSpec.block(2, 4),
                new int[] {4}, LabelEncoding.NONE, 0, "", EntropyCoding.rans(TABLES.fingerprint())));
        // A packed shard ignores tables.
        Path packed = dir.resolve("p.cdc");
        ShardFixtures.write(packed, PACKED, 2);
        try (ShardReader reader = ShardReader.open(packed).useCodeTables(TABLES)) {
            assertArrayEquals(ShardFixtures.codes(PACKED, 0, 2), reader.readChunk(0).codes());
        }
    }

    /** Any byte of a stream changed (its CRC made right again) is caught when the chunk decodes, never returned as codes. */
    @Test
    void damagedStreamsAreRefused() throws IOException {
        Path shard = dir.resolve("r.cdc");
        ShardFixtures.write(shard, RANS, TABLES, 30);
        byte[] bytes = Files.readAllBytes(shard);
        int chunkStart = headerLength(bytes);
        int streamStart = chunkStart + ShardFormat.CHUNK_HEADER_BYTES + 30;
        int streamEnd = bytes.length - ShardFormat.CRC_BYTES;
        int caught = 0;
        for (int at = streamStart; at < streamEnd; at++) {
            byte[] damaged = bytes.clone();
            damaged[at] ^= 0x5A;
            fixChunkCrc(damaged, chunkStart);
            try (ShardReader reader = ShardReader.open(Path.of("damaged.cdc"), damaged).useCodeTables(TABLES)) {
                ShardReader.Chunk chunk = reader.readChunk(0);
                assertTrue(!Arrays.equals(ShardFixtures.codes(PACKED, 0, 30), chunk.codes()), "changed stream, same codes");
            } catch (ShardFormatException expected) {
                assertTrue(expected.getMessage().contains("rANS"), expected.getMessage());
                caught++;
            }
        }
        assertTrue(caught >= 0.9 * (streamEnd - streamStart), caught + " of " + (streamEnd - streamStart) + " damaged bytes caught");
    }

    /** A chunk that declares many records in a few bytes fails having allocated about what it held. */
    @Test
    void aChunkClaimingManyRecordsInFewBytesCostsLittle() throws IOException {
        Path shard = dir.resolve("r.cdc");
        ShardFixtures.write(shard, RANS, TABLES, 2);
        byte[] bytes = Files.readAllBytes(shard);
        int chunkStart = headerLength(bytes);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int records = (int) (ShardFormat.MAX_CODED_CHUNK_CODES / RANS.elementsPerRecord());
        long payload = buffer.getLong(chunkStart + 8);
        // Labels for that many records do not fit the payload: the count is refused on opening.
        buffer.putInt(chunkStart + 4, records);
        fixChunkCrc(bytes, chunkStart);
        try (ShardReader reader = ShardReader.open(Path.of("claims.cdc"), bytes)) {
            assertTrue(reader.chunks().isEmpty() && reader.damage().isPresent(), String.valueOf(reader.damage()));
        }
        // Unlabelled, the count passes the size check and the stream has to give the codes out.
        ShardHeader unlabelled = new ShardHeader(ShardFixtures.FINGERPRINT, PACKED.codec(), PACKED.latentShape(), LabelEncoding.NONE,
                0, "claims", RANS.coding());
        byte[] file = ShardChunks.singleChunkShard(unlabelled, TABLES, new int[2], ShardFixtures.codes(PACKED, 0, 2));
        int start = headerLength(file);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(start + 4, records);
        fixChunkCrc(file, start);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        try (ShardReader reader = ShardReader.open(Path.of("claims.cdc"), file).useCodeTables(TABLES)) {
            assertEquals(records, reader.chunks().get(0).records());
            ShardFormatException e = assertThrows(ShardFormatException.class, () -> reader.readChunk(0));
            assertTrue(e.getMessage().contains("ends early") || e.getMessage().contains("does not end"), e.getMessage());
        }
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 1 << 20, "a " + file.length + "-byte shard claiming " + records + " records allocated " + allocated
                + " bytes (payload was " + payload + ")");
    }

    @Test
    void versionTwoWithPackedCodesAndUnknownCodingsAreHandled() throws IOException {
        byte[] v1 = ShardChunks.singleChunkShard(PACKED, ShardFixtures.labels(0, 3), ShardFixtures.codes(PACKED, 0, 3));
        byte[] packedV2 = versionTwo(v1, (byte) 0);
        try (ShardReader reader = ShardReader.open(Path.of("v2.cdc"), packedV2)) {
            assertEquals(EntropyCoding.PACKED, reader.header().coding());
            assertArrayEquals(ShardFixtures.codes(PACKED, 0, 3), reader.readChunk(0).codes());
        }
        ShardFormatException unknown = assertThrows(ShardFormatException.class,
                () -> ShardReader.open(Path.of("v2.cdc"), versionTwo(v1, (byte) 7)));
        assertTrue(unknown.getMessage().contains("coding id 7"), unknown.getMessage());
        byte[] v3 = v1.clone();
        ByteBuffer.wrap(v3).order(ByteOrder.LITTLE_ENDIAN).putShort(8, (short) 3);
        ShardFormatException later = assertThrows(ShardFormatException.class, () -> ShardReader.open(Path.of("v3.cdc"), v3));
        assertTrue(later.getMessage().contains("reads versions 1 and 2"), later.getMessage());
    }

    /** {@code v1} made version 2 by adding the coding byte {@code id} (and no tables) at the end of its header body. */
    private static byte[] versionTwo(byte[] v1, byte id) {
        ByteBuffer in = ByteBuffer.wrap(v1).order(ByteOrder.LITTLE_ENDIAN);
        int body = in.getInt(12);
        int headerEnd = ShardFormat.PREAMBLE_BYTES + body;
        byte[] out = new byte[v1.length + 1];
        System.arraycopy(v1, 0, out, 0, headerEnd);
        out[headerEnd] = id;
        System.arraycopy(v1, headerEnd + ShardFormat.CRC_BYTES, out, headerEnd + 1 + ShardFormat.CRC_BYTES,
                v1.length - headerEnd - ShardFormat.CRC_BYTES);
        ByteBuffer buffer = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(8, (short) 2).putInt(12, body + 1);
        buffer.putInt(headerEnd + 1, ShardFormat.crc(out, 0, headerEnd + 1));
        return out;
    }

    private static int headerLength(byte[] file) {
        return ShardFormat.PREAMBLE_BYTES + ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(12) + ShardFormat.CRC_BYTES;
    }

    private static void fixChunkCrc(byte[] file, int chunkStart) {
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int end = chunkStart + ShardFormat.CHUNK_HEADER_BYTES + (int) buffer.getLong(chunkStart + 8);
        buffer.putInt(end, ShardFormat.crc(file, chunkStart, end - chunkStart));
    }
}
