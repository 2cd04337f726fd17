package dev.cdc.training.pipeline;

import dev.cdc.core.shard.EntropyCoding;
import dev.cdc.core.shard.LabelEncoding;
import dev.cdc.core.shard.ShardHeader;
import dev.cdc.core.shard.ShardWriter;
import dev.cdc.training.ComputeDevice;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntConsumer;

/**
 * The edge's job: images through the encoder, quantize-and-pack, into a {@code .cdc} shard, one
 * chunk per batch. The codec runs where the latent is: {@code core}'s fast path on CPU, the CUDA
 * kernel on a GPU ({@link TensorLatentCodec}), with the same bytes.
 */
public final class ShardEncoder {
    public static final int DEFAULT_CHUNK = 256;

    private ShardEncoder() {
    }

    /**
     * Encodes every image of {@code images} into a new shard at {@code shard} (written under a
     * temporary name and renamed when complete).
     *
     * @param progress told the number of records written so far after each chunk
     */
    public static long encode(CdcModel model, TrainingImages images, Path shard, String dataset, int chunkRecords,
            IntConsumer progress) throws IOException {
        return encode(model, images, shard, dataset, chunkRecords, model.device(), EntropyCoding.Kind.PACKED, progress);
    }

    /**
     * As above, with the encoder on {@code device} (the CUDA codec kernel packs latents on a
     * GPU) and the codes stored as {@code codec} says (rANS over the model's code tables).
     */
    public static long encode(CdcModel model, TrainingImages images, Path shard, String dataset, int chunkRecords,
            ComputeDevice device, EntropyCoding.Kind codec, IntConsumer progress) throws IOException {
        ShardHeader header = new ShardHeader(model.fingerprint(), model.config().codec(), model.config().latentShape(),
                LabelEncoding.forClasses(images.classes()), images.classes(), dataset,
                EntropyCoding.forModel(codec, model.codeTables()));
        ChunkEncoder encoder = new ChunkEncoder(model, images, device);
        return ShardWriter.writeComplete(shard, header, model.codeTables(), writer -> {
            for (int start = 0; start < images.count(); start += chunkRecords) {
                int end = Math.min(start + chunkRecords, images.count());
                ChunkEncoder.Records records = encoder.encode(start, end - start);
                writer.append(records.labels(), records.codes());
                progress.accept(end);
            }
        });
    }
}
