package dev.cdc.core.edge;

import dev.cdc.core.data.ImageSet;
import dev.cdc.core.modelfile.EncoderFile;
import dev.cdc.core.shard.EntropyCoding;
import dev.cdc.core.shard.LabelEncoding;
import dev.cdc.core.shard.ShardHeader;
import dev.cdc.core.shard.ShardWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A shard written by the LibTorch-free encoder: the same header, chunking and bytes as the
 * training module's shard encoder writes, so the cloud cannot tell which wrote it (but for a
 * code on a quantization boundary now and then).
 */
public final class EdgeShardEncoder {
    private EdgeShardEncoder() {
    }

    /**
     * Encodes every image of {@code images} into a new shard at {@code shard}, written under a
     * temporary name and renamed when complete; returns its size in bytes.
     */
    public static long encode(EncoderFile model, JavaEncoder encoder, ImageSet images, Path shard, String dataset,
            int chunkRecords, EntropyCoding.Kind codec) throws IOException {
        ShardHeader header = new ShardHeader(model.fingerprint(), model.codec(), new int[] {model.latentChannels(),
            model.latentHeight(), model.latentWidth()}, LabelEncoding.forClasses(images.classes().size()), images.classes().size(),
                dataset, EntropyCoding.forModel(codec, model.codeTables()));
        int pixels = images.imageSize();
        return ShardWriter.writeComplete(shard, header, model.codeTables(), writer -> {
            for (int start = 0; start < images.count(); start += chunkRecords) {
                int count = Math.min(chunkRecords, images.count() - start);
                float[] batch = new float[count * pixels];
                for (int i = 0; i < count; i++) {
                    images.copyScaled(start + i, batch, i * pixels);
                }
                writer.append(Arrays.copyOfRange(images.labels(), start, start + count), encoder.encode(batch, count));
            }
        });
    }
}
