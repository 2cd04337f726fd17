package dev.cdc.core.shard;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.entropy.CodeTables;
import java.io.IOException;
import java.nio.file.Path;

/** Small shards with known content, for the tests. */
final class ShardFixtures {
    static final ModelFingerprint FINGERPRINT = ModelFingerprint.sha256("test encoder");

    private ShardFixtures() {
    }

    static ShardHeader header(CodecSpec codec) {
        return new ShardHeader(FINGERPRINT, codec, new int[] {2, 3, 3}, LabelEncoding.U8, 10, "fixture");
    }

    /** Latent value of element {@code i} of record {@code r}: deterministic, inside [0, 1]. */
    static float latent(long r, int i) {
        return ((r * 31 + i * 7) % 97) / 96f;
    }

    /** Encodes records {@code first .. first + count - 1} of the deterministic latent. */
    static byte[] codes(ShardHeader header, long first, int count) {
        int n = header.elementsPerRecord();
        float[] x = new float[count * n];
        for (int r = 0; r < count; r++) {
            for (int i = 0; i < n; i++) {
                x[r * n + i] = latent(first + r, i);
            }
        }
        byte[] out = new byte[count * header.recordBytes()];
        new FastCodec(header.codec()).encodeRecords(x, count, n, out);
        return out;
    }

    static int[] labels(long first, int count) {
        int[] labels = new int[count];
        for (int r = 0; r < count; r++) {
            labels[r] = (int) ((first + r) % 10);
        }
        return labels;
    }

    /** A shard of chunks of the given sizes. */
    static void write(Path file, ShardHeader header, int... chunkSizes) throws IOException {
        try (ShardWriter writer = ShardWriter.create(file, header)) {
            long first = 0;
            for (int size : chunkSizes) {
                writer.append(labels(first, size), codes(header, first, size));
                first += size;
            }
        }
    }

    /** Per-position code tables fitted on the first 64 records of the deterministic latent. */
    static CodeTables tables(ShardHeader header) {
        int n = header.elementsPerRecord();
        byte[] packed = codes(header, 0, 64);
        byte[] symbols = new byte[64 * n];
        int[] record = new int[n];
        FastCodec codec = new FastCodec(header.codec());
        for (int r = 0; r < 64; r++) {
            codec.unpackCodes(packed, r * header.recordBytes(), n, record, 0);
            for (int e = 0; e < n; e++) {
                symbols[r * n + e] = (byte) record[e];
            }
        }
        return CodeTables.fit(symbols, 64, 1, n, 1 << header.codec().bits(), CodeTables.Layout.PER_POSITION);
    }

    /** The same header with its codes rANS-coded under {@code tables}. */
    static ShardHeader rans(ShardHeader header, CodeTables tables) {
        return header.withCoding(EntropyCoding.rans(tables.fingerprint()));
    }

    /** A shard in the header's coding, of chunks of the given sizes. */
    static void write(Path file, ShardHeader header, CodeTables tables, int... chunkSizes) throws IOException {
        try (ShardWriter writer = ShardWriter.create(file, header, tables)) {
            long first = 0;
            for (int size : chunkSizes) {
                writer.append(labels(first, size), codes(header, first, size));
                first += size;
            }
        }
    }
}
