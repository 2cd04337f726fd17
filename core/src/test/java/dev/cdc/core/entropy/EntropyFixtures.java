package dev.cdc.core.entropy;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.shard.LabelEncoding;
import dev.cdc.core.shard.ModelFingerprint;
import dev.cdc.core.shard.ShardHeader;
import dev.cdc.core.shard.ShardWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Shards whose codes have known statistics, for the entropy-coding tests here and in the CLI's. */
public final class EntropyFixtures {
    private EntropyFixtures() {
    }

    /**
     * A k=2 shard of 2 x 3 x 3 latents: channel 0 is mostly code 0, channel 1 mostly code 3, so
     * one table per channel should beat one table for all.
     */
    public static Path skewedShard(Path file, CodecSpec codec, int chunks) throws IOException {
        ShardHeader header = new ShardHeader(ModelFingerprint.sha256("study"), codec, new int[] {2, 3, 3}, LabelEncoding.U8, 10,
                "study/train");
        FastCodec fast = new FastCodec(codec);
        SplittableRandom random = new SplittableRandom(5);
        try (ShardWriter writer = ShardWriter.create(file, header)) {
            for (int c = 0; c < chunks; c++) {
                int records = 100;
                byte[] packed = new byte[records * header.recordBytes()];
                int[] codes = new int[18];
                for (int r = 0; r < records; r++) {
                    for (int e = 0; e < 18; e++) {
                        boolean usual = random.nextInt(10) < 8;
                        codes[e] = e < 9 ? (usual ? 0 : random.nextInt(4)) : (usual ? 3 : random.nextInt(4));
                    }
                    fast.packCodes(codes, 0, 18, packed, r * header.recordBytes());
                }
                writer.append(new int[records], packed);
            }
        }
        return file;
    }

}
