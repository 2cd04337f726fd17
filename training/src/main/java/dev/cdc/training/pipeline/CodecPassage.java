package dev.cdc.training.pipeline;

import dev.cdc.core.codec.FastCodec;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;

/**
 * Images through what an edge and the cloud do to them: the encoder, quantize-and-pack into the
 * bytes that would be sent, unpack, the decoder. Evaluation protocol (C) tests the cloud's
 * classifier on test images passed through here: what it sees when edges send compressed
 * inference requests too.
 */
public final class CodecPassage {
    private static final int CHUNK = 512;

    private CodecPassage() {
    }

    /** {@code images} as the cloud would decode them from {@code model}'s codes; labels kept. */
    public static TrainingImages apply(CdcModel model, TrainingImages images) {
        ChunkEncoder encoder = new ChunkEncoder(model, images);
        FastCodec codec = new FastCodec(model.config().codec());
        int n = model.config().latentElements();
        int pixels = images.shape().pixels();
        float[] decoded = new float[Math.multiplyExact(images.count(), pixels)];
        int[] labels = new int[images.count()];
        model.decoder().eval();
        for (int start = 0; start < images.count(); start += CHUNK) {
            int count = Math.min(CHUNK, images.count() - start);
            ChunkEncoder.Records records;
            try {
                records = encoder.encode(start, count);
            } catch (dev.cdc.cuda.CudaException e) {
                throw new IllegalStateException("the CUDA codec kernels failed: " + e.getMessage(), e);
            }
            float[] latent = new float[count * n];
            codec.decodeRecords(records.codes(), count, n, latent);
            float[] chunkImages = ShardDecoder.decodeLatent(model, latent, count);
            System.arraycopy(chunkImages, 0, decoded, start * pixels, chunkImages.length);
            System.arraycopy(records.labels(), 0, labels, start, count);
        }
        return TrainingImages.of(images.shape(), decoded, labels, images.classNames());
    }
}
