package dev.cdc.core.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.codec.CodecSpec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void chunksComeBackWithLabelsAndCodes() throws IOException {
        for (CodecSpec codec : new CodecSpec[] {CodecSpec.fixed(3, 0f, 1f), CodecSpec.block(5, 4)}) {
            ShardHeader header = ShardFixtures.header(codec);
            Path file = dir.resolve(codec.mode() + ".cdc");
            ShardFixtures.write(file, header, 5, 1, 7);
            try (ShardReader reader = ShardReader.open(file)) {
                assertEquals(header, reader.header());
                assertEquals(13, reader.recordCount());
                assertEquals(3, reader.chunks().size());
                assertTrue(reader.damage().isEmpty());
                ShardReader.Chunk third = reader.readChunk(2);
                assertArrayEquals(ShardFixtures.labels(6, 7), third.labels());
                assertArrayEquals(ShardFixtures.codes(header, 6, 7), third.codes());
            }
            long expectedSize = ShardFormat.encodeHeader(header).length
                    + 3L * (ShardFormat.CHUNK_HEADER_BYTES + ShardFormat.CRC_BYTES) + 13L * header.stride();
            assertEquals(expectedSize, Files.size(file), "real bytes: header, chunk framing and records, nothing else");
        }
    }

    @Test
    void appendingToAnExistingShardKeepsWhatWasThere() throws IOException {
        ShardHeader header = ShardFixtures.header(CodecSpec.fixed(4, 0f, 1f));
        Path file = dir.resolve("a.cdc");
        ShardFixtures.write(file, header, 3);
        try (ShardWriter writer = ShardWriter.openForAppend(file)) {
            assertEquals(3, writer.recordCount());
            writer.append(ShardFixtures.labels(3, 2), ShardFixtures.codes(header, 3, 2));
        }
        try (ShardReader reader = ShardReader.open(file)) {
            assertEquals(5, reader.recordCount());
            assertArrayEquals(ShardFixtures.codes(header, 3, 2), reader.readChunk(1).codes());
        }
        IOException exists = assertThrows(IOException.class, () -> ShardWriter.create(file, header));
        assertTrue(exists.getMessage().contains("already exists"));
    }

    @Test
    void everyTruncationKeepsTheCompleteChunksAndReportsTheTornTail() throws IOException {
        ShardHeader header = ShardFixtures.header(CodecSpec.fixed(2, 0f, 1f));
        Path whole = dir.resolve("whole.cdc");
        ShardFixtures.write(whole, header, 2, 3);
        byte[] bytes = Files.readAllBytes(whole);
        long headerEnd = ShardFormat.encodeHeader(header).length;
        long firstChunkEnd = headerEnd + ShardFormat.CHUNK_HEADER_BYTES + 2L * header.stride() + ShardFormat.CRC_BYTES;
        Path cut = dir.resolve("cut.cdc");
        for (int length = (int) headerEnd; length < bytes.length; length++) {
            Files.write(cut, Arrays.copyOf(bytes, length));
            try (ShardReader reader = ShardReader.open(cut)) {
                int expectedChunks = length >= firstChunkEnd ? 1 : 0;
                assertEquals(expectedChunks, reader.chunks().size(), "length " + length);
                boolean clean = length == headerEnd || length == firstChunkEnd;
                assertEquals(!clean, reader.damage().isPresent(), "length " + length);
                reader.damage().ifPresent(d -> assertTrue(d.tornTail(), d.message()));
                if (expectedChunks == 1) {
                    assertArrayEquals(ShardFixtures.codes(header, 0, 2), reader.readChunk(0).codes());
                }
            }
        }
    }

    @Test
    void appendingAfterATornTailCutsItOff() throws IOException {
        ShardHeader header = ShardFixtures.header(CodecSpec.fixed(8, 0f, 1f));
        Path file = dir.resolve("torn.cdc");
        ShardFixtures.write(file, header, 4, 4);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 10);
        }
        try (ShardWriter writer = ShardWriter.openForAppend(file)) {
            assertEquals(4, writer.recordCount());
            writer.append(ShardFixtures.labels(4, 1), ShardFixtures.codes(header, 4, 1));
        }
        try (ShardReader reader = ShardReader.open(file)) {
            assertEquals(5, reader.recordCount());
            assertTrue(reader.damage().isEmpty());
        }
    }

    @Test
    void corruptionInTheMiddleIsReportedAndBlocksAppending() throws IOException {
        ShardHeader header = ShardFixtures.header(CodecSpec.fixed(8, 0f, 1f));
        Path file = dir.resolve("rot.cdc");
        ShardFixtures.write(file, header, 2, 2, 2);
        byte[] bytes = Files.readAllBytes(file);
        int secondChunk = ShardFormat.encodeHeader(header).length + ShardFormat.CHUNK_HEADER_BYTES
                + 2 * header.stride() + ShardFormat.CRC_BYTES;
        bytes[secondChunk + ShardFormat.CHUNK_HEADER_BYTES + 3] ^= 0x10;
        Files.write(file, bytes);
        try (ShardReader reader = ShardReader.open(file)) {
            assertEquals(1, reader.chunks().size());
            ShardReader.Damage damage = reader.damage().orElseThrow();
            assertFalse(damage.tornTail());
            assertTrue(damage.message().contains("CRC32C") && damage.message().contains("corrupt"), damage.message());
            assertEquals(secondChunk, damage.offset());
        }
        ShardFormatException refused = assertThrows(ShardFormatException.class, () -> ShardWriter.openForAppend(file));
        assertTrue(refused.getMessage().contains("cannot append"));
    }

    @Test
    void headerProblemsAreNamed() throws IOException {
        ShardHeader header = ShardFixtures.header(CodecSpec.fixed(8, 0f, 1f));
        Path file = dir.resolve("h.cdc");
        ShardFixtures.write(file, header, 1);
        byte[] good = Files.readAllBytes(file);

        byte[] version = good.clone();
        version[8] = 9;
        expect(version, "format version 9 is unknown", "reads versions 1 and 2");
        byte[] magic = good.clone();
        magic[1] = 'X';
        expect(magic, "not a .cdc shard");
        byte[] crc = good.clone();
        crc[20] ^= 1;
        expect(crc, "header fails its CRC32C");
        expect(Arrays.copyOf(good, 30), "truncated");
        expect(new byte[3], "shorter than the 16-byte");
        assertThrows(ShardFormatException.class, () -> ShardReader.open(dir.resolve("none.cdc")));
    }

    @Test
    void shardsFromAnotherEncoderAreRefused() throws IOException {
        ShardHeader header = ShardFixtures.header(CodecSpec.fixed(8, 0f, 1f));
        Path file = dir.resolve("f.cdc");
        ShardFixtures.write(file, header, 1);
        try (ShardReader reader = ShardReader.open(file)) {
            reader.requireFingerprint(ShardFixtures.FINGERPRINT);
            ShardFormatException e = assertThrows(ShardFormatException.class,
                    () -> reader.requireFingerprint(ModelFingerprint.sha256("another encoder")));
            assertTrue(e.getMessage().contains("no decoder for this shard"), e.getMessage());
        }
    }

    private void expect(byte[] content, String... parts) throws IOException {
        Path file = dir.resolve("bad.cdc");
        Files.write(file, content);
        ShardFormatException e = assertThrows(ShardFormatException.class, () -> ShardReader.open(file));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }
}
