package dev.cdc.core.shard;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.entropy.CodeTables;
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
 * anything else, a slow input, or reading with more memory than a few times the input's size
 * fails. Decoding what was read is checked too, outside that bound.
 */
class ShardReaderFuzzTest {
    private static final int INPUTS = 100_000;
    private static final long SEED = 0xCDC2020L;
    private static final int[] INTERESTING = {0, 1, -1, 0x7fffffff, 0x80000000, 0xffff, 0x10000, 255, 256, 8, 16, 64};
    private static final long SLOW_INPUT_NANOS = 2_000_000_000L;
    /** The tables of the rANS seed: every input is read with them, as the cloud reads with its model's. */
    private static final CodeTables RANS_TABLES = ShardFixtures.tables(new ShardHeader(ShardFixtures.FINGERPRINT,
            CodecSpec.fixed(1, 0f, 1f), new int[] {1, 4, 3}, LabelEncoding.U8, 10, "seed rans"));
    @TempDir
    Path dir;

    @Test
    void mutatedShardsNeverEscapeTheFormatException() throws IOException {
        List<byte[]> seeds = seeds();
        SplittableRandom random = new SplittableRandom(SEED);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        // Class loading and the first use of formatting on error paths allocate once; that is not
        // the reader's doing, so a different stream of mutations warms them up unmeasured.
        long[] ignored = new long[1];
        SplittableRandom warmUp = new SplittableRandom(~SEED);
        for (int warm = 0; warm < 5_000; warm++) {
            byte[] input = mutate(seeds.get(warm % seeds.size()), warmUp);
            if (warmUp.nextBoolean()) {
                fixChecksums(input);
            }
            try {
                readEverything(input, threads, thread, ignored);
            } catch (ShardFormatException expected) {
                // as in the measured loop
            }
        }
        int accepted = 0;
        int rejected = 0;
        int damaged = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            if (random.nextBoolean()) {
                fixChecksums(input); // so mutated sizes and fields get past the CRCs to the parsers
            }
            long start = System.nanoTime();
            long[] allocated = new long[1];
            try {
                if (readEverything(input, threads, thread, allocated)) {
                    damaged++;
                }
                accepted++;
            } catch (ShardFormatException expected) {
                rejected++;
            } catch (Throwable other) {
                fail("input " + i + " (seed " + SEED + ") made the reader throw " + other, other);
            }
            long nanos = System.nanoTime() - start;
            if (nanos > SLOW_INPUT_NANOS) {
                fail("input " + i + " took " + nanos / 1_000_000 + " ms");
            }
            // Each chunk read holds its bytes once more as labels and codes, and the scan buffer is
            // at most the file's size; beyond that only small objects (exceptions, messages). A
            // rANS chunk decodes to more than its bytes (here at most 8 codes a byte at k = 1, with
            // room that doubles as codes come, then packed again), so it may take more.
            long bound = (isRans(input) ? 40L : 3L) * input.length + (16 << 10);
            if (allocated[0] > bound) {
                fail("input " + i + " of " + input.length + " bytes made the reader allocate " + allocated[0] + " bytes");
            }
        }
        System.out.printf("fuzzed %d inputs: %d accepted (%d with a damaged tail), %d rejected%n",
                INPUTS, accepted, damaged, rejected);
        assertTrue(accepted > INPUTS / 20 && rejected > INPUTS / 20, "the mutations should reach both outcomes");
    }

    /**
     * Opens and reads every chunk, counting the bytes the reader allocates into {@code allocated},
     * then decodes each chunk as the cloud would; returns whether a tail was damaged.
     */
    private static boolean readEverything(byte[] input, com.sun.management.ThreadMXBean threads, long thread,
            long[] allocated) throws IOException {
        long before = threads.getThreadAllocatedBytes(thread);
        List<ShardReader.Chunk> chunks = new ArrayList<>();
        ShardHeader header;
        boolean damaged;
        try (ShardReader reader = ShardReader.open(Path.of("fuzz.cdc"), input)) {
            header = reader.header();
            reader.useCodeTables(RANS_TABLES);
            for (int c = 0; c < reader.chunks().size(); c++) {
                chunks.add(reader.readChunk(c));
            }
            damaged = reader.damage().isPresent();
        } finally {
            allocated[0] = threads.getThreadAllocatedBytes(thread) - before;
        }
        FastCodec codec = new FastCodec(header.codec());
        for (ShardReader.Chunk chunk : chunks) {
            float[] out = new float[chunk.records() * header.elementsPerRecord()];
            codec.decodeRecords(chunk.codes(), chunk.records(), header.elementsPerRecord(), out);
        }
        return damaged;
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
        ShardHeader packed = new ShardHeader(ShardFixtures.FINGERPRINT, CodecSpec.fixed(1, 0f, 1f), new int[] {1, 4, 3},
                LabelEncoding.U8, 10, "seed rans");
        Path file = dir.resolve("seed-rans.cdc");
        ShardFixtures.write(file, ShardFixtures.rans(packed, RANS_TABLES), RANS_TABLES, 2, 1, 3);
        seeds.add(Files.readAllBytes(file));
        return seeds;
    }

    private static boolean isRans(byte[] input) {
        return input.length > 9 && input[8] == 2 && input[9] == 0;
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
