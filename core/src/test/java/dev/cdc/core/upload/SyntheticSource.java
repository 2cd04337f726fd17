package dev.cdc.core.upload;

import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.bundle.BundlePair;
import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.shard.LabelEncoding;
import dev.cdc.core.shard.ModelFingerprint;
import dev.cdc.core.shard.ShardChunks;
import dev.cdc.core.shard.ShardHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A pure-Java edge for protocol tests: record {@code i} is a seeded 2x7x7 latent in [0, 1] with
 * label {@code i % 10}, packed with the fast CPU codec. One fingerprint per width, as a bundle's
 * fine-tuned pairs have.
 */
public final class SyntheticSource implements ChunkSource {
    public static final int[] LATENT = {2, 7, 7};
    private final int records;
    private final int[] widths;
    private final long seed;

    public SyntheticSource(int records, long seed, int... widths) {
        this.records = records;
        this.widths = widths.clone();
        this.seed = seed;
    }

    public static ModelFingerprint fingerprint(int bits) {
        return ModelFingerprint.sha256("synthetic encoder, k=" + bits);
    }

    /** A bundle manifest (no model files) with a pair for each width. */
    public static Bundle bundle(Path dir, int... widths) throws IOException {
        List<BundlePair> pairs = new ArrayList<>();
        for (int k : widths) {
            pairs.add(new BundlePair(k, fingerprint(k), "k" + k + ".cdcm", CodecSpec.fixed(k, 0f, 1f), Map.of("dataset", "synthetic")));
        }
        Files.createDirectories(dir);
        Bundle bundle = new Bundle(dir, new int[] {1, 28, 28}, 10, LATENT, pairs);
        bundle.writeManifest();
        return bundle;
    }

    @Override
    public int records() {
        return records;
    }

    @Override
    public int[] widths() {
        return widths.clone();
    }

    @Override
    public ShardHeader header(int bits) {
        return new ShardHeader(fingerprint(bits), CodecSpec.fixed(bits, 0f, 1f), LATENT, LabelEncoding.U8, 10, "synthetic/train");
    }

    @Override
    public byte[] encode(int bits, int first, int count) {
        ShardHeader header = header(bits);
        int n = header.elementsPerRecord();
        float[] latent = new float[count * n];
        int[] labels = new int[count];
        for (int r = 0; r < count; r++) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + first + r);
            for (int i = 0; i < n; i++) {
                latent[r * n + i] = (float) random.nextDouble();
            }
            labels[r] = (first + r) % 10;
        }
        byte[] codes = new byte[count * header.recordBytes()];
        new FastCodec(header.codec()).encodeRecords(latent, count, n, codes);
        return ShardChunks.singleChunkShard(header, labels, codes);
    }
}
