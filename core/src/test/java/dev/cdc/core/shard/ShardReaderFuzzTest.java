package dev.cdc.core.shard;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.FastCodec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded mutation fuzzer over the shard reader: valid shards, mutated 100,000 times in ways that
 * aim at sizes and counts (bit flips, interesting integers at field offsets, truncation, appended
 * garbage, spliced chunks). The reader may accept an input or throw {@link ShardFormatException};
 * anything else, a slow input, or allocating more than a few times the input's size, fails.
 */
class ShardReaderFuzzTest {
    private static final int INPUTS = 100_000;
    private static final long SEED = 0xCDC2020L;
    private static final int[] INTERESTING = {0, 1, -1, 0x7fffffff, 0x80000000, 0xffff, 0x10000, 255, 256, 8, 16, 64};
    private static final long SLOW_INPUT_NANOS = 2_000_000_000L;
    @TempDir
    Path dir;

    @Test
    void mutatedShardsNeverEscapeTheFormatException() throws IOException {
        List<byte[]> seeds = seeds();
        SplittableRandom random = new SplittableRandom(SEED);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        int accepted = 0;
        int rejected = 0;
        int damaged = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            if (random.nextBoolean()) {
                fixChecksums(input); // so mutated sizes and fields get past the CRCs to the parsers
            }
            long allocatedBefore = threads.getThreadAllocatedBytes(thread);
            long start = System.nanoTime();
            try {
                if (readEverything(input)) {
                    damaged++;
                }
                accepted++;
            } catch (ShardFormatException expected) {
                rejected++;
            } catch (Throwable other) {
                fail("input " + i + " (seed " + SEED + ") made the reader throw " + other, other);
            }
            long nanos = System.nanoTime() - start;
            long allocated = threads.getThreadAllocatedBytes(thread) - allocatedBefore;
            if (nanos > SLOW_INPUT_NANOS) {
                fail("input " + i + " took " + nanos / 1_000_000 + " ms");
            }
            // Decoding makes floats (4 bytes per code byte at most x8 for k=1 codes); the reader
            // itself holds at most the file plus fixed buffers.
            long bound = 40L * input.length + (1 << 20);
            if (allocated > bound) {
                fail("input " + i + " of " + input.length + " bytes made the reader allocate " + allocated + " bytes");
            }
        }
        System.out.printf("fuzzed %d inputs: %d accepted (%d with a damaged tail), %d rejected%n",
                INPUTS, accepted, damaged, rejected);
        assertTrue(accepted > INPUTS / 20 && rejected > INPUTS / 20, "the mutations should reach both outcomes");
    }

    /** Opens, reads every chunk and decodes it, as the cloud would; returns whether a tail was damaged. */
    private static boolean readEverything(byte[] input) throws IOException {
        try (ShardReader reader = ShardReader.open(Path.of("fuzz.cdc"), input)) {
            ShardHeader header = reader.header();
            FastCodec codec = new FastCodec(header.codec());
            for (int c = 0; c < reader.chunks().size(); c++) {
                ShardReader.Chunk chunk = reader.readChunk(c);
                float[] out = new float[chunk.records() * header.elementsPerRecord()];
                codec.decodeRecords(chunk.codes(), chunk.records(), header.elementsPerRecord(), out);
            }
            return reader.damage().isPresent();
        }
    }

    private List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        CodecSpec[] codecs = {CodecSpec.fixed(1, 0f, 1f), CodecSpec.fixed(8, -1f, 1f), CodecSpec.block(3, 5)};
        LabelEncoding[] labels = {LabelEncoding.U8, LabelEncoding.U16, LabelEncoding.NONE};
        for (int s = 0; s < codecs.length; s++) {
            ShardHeader header = new ShardHeader(ShardFixtures.FINGERPRINT, codecs[s], new int[] {1, 4, 3}, labels[s],
                    labels[s] == LabelEncoding.NONE ? 0 : 10, "seed " + s);
            Path file = dir.resolve("seed" + s + ".cdc");
            ShardFixtures.write(file, header, 2, 1, 3);
            seeds.add(Files.readAllBytes(file));
        }
        return seeds;
    }

    /** Rewrites the header CRC and every chunk CRC that the (mutated) declared sizes locate. */
    private static void fixChecksums(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < ShardFormat.PREAMBLE_BYTES) {
            return;
        }
        long body = buffer.getInt(12) & 0xFFFFFFFFL;
        long offset = ShardFormat.PREAMBLE_BYTES + body;
        if (offset + ShardFormat.CRC_BYTES > bytes.length) {
            return;
        }
        buffer.putInt((int) offset, ShardFormat.crc(bytes, 0, (int) offset));
        offset += ShardFormat.CRC_BYTES;
        while (offset + ShardFormat.CHUNK_HEADER_BYTES <= bytes.length) {
            long payload = buffer.getLong((int) offset + 8);
            long end = offset + ShardFormat.CHUNK_HEADER_BYTES + payload;
            if (payload < 0 || end + ShardFormat.CRC_BYTES > bytes.length) {
                return;
            }
            buffer.putInt((int) end, ShardFormat.crc(bytes, (int) offset, (int) (end - offset)));
            offset = end + ShardFormat.CRC_BYTES;
        }
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] out = seed.clone();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            switch (random.nextInt(6)) {
                case 0 -> out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                case 2 -> {
                    if (out.length >= 4) {
                        int at = random.nextInt(out.length - 3);
                        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN)
                                .putInt(at, INTERESTING[random.nextInt(INTERESTING.length)]);
                    }
                }
                case 3 -> out = Arrays.copyOf(out, random.nextInt(out.length + 1));
                case 4 -> {
                    byte[] tail = new byte[1 + random.nextInt(64)];
                    random.nextBytes(tail);
                    byte[] longer = Arrays.copyOf(out, out.length + tail.length);
                    System.arraycopy(tail, 0, longer, out.length, tail.length);
                    out = longer;
                }
                default -> {
                    if (out.length > 2) {
                        // Splice: repeat a random slice, as a duplicated or misplaced write would.
                        int from = random.nextInt(out.length);
                        int length = 1 + random.nextInt(out.length - from);
                        byte[] spliced = Arrays.copyOf(out, out.length + length);
                        System.arraycopy(out, from, spliced, out.length, length);
                        out = spliced;
                    }
                }
            }
            if (out.length == 0) {
                break;
            }
        }
        return out;
    }
}
