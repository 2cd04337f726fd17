package dev.cdc.training.pipeline;

import dev.cdc.cuda.CudaException;
import dev.cdc.training.ComputeDevice;
import dev.cdc.training.data.Batch;
import dev.cdc.training.data.Shuffle;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;

/**
 * The edge's per-chunk work: a run of images through the encoder and the fused
 * quantize-and-pack, in their order. The codec runs where the latent is: {@code core}'s fast
 * path on CPU, the CUDA kernel on a GPU ({@link TensorLatentCodec}), with the same bytes.
 */
public final class ChunkEncoder {
    private final CdcModel model;
    private final TrainingImages images;
    private final TensorLatentCodec codec;
    private final int[] order;
    private final ComputeDevice device;

    /** Labels and packed codes of a run of records. */
    public record Records(int[] labels, byte[] codes) {
    }

    /** Runs the encoder where the model is. */
    public ChunkEncoder(CdcModel model, TrainingImages images) {
        this(model, images, model.device());
    }

    /** Runs the encoder on {@code device}, moving the model's encoder there (for as long as the model lives). */
    public ChunkEncoder(CdcModel model, TrainingImages images, ComputeDevice device) {
        this.model = model;
        this.images = images;
        this.codec = new TensorLatentCodec(model.config().codec());
        this.order = Shuffle.identity(images.count());
        this.device = device;
        model.encoder().eval();
        if (!device.equals(ComputeDevice.of(model.encoder()))) {
            device.move(model.encoder());
        }
    }

    /** Images {@code [first, first + count)}, encoded. */
    public Records encode(int first, int count) throws CudaException {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Batch batch = Batch.of(images, order, first, first + count);
            byte[] codes = codec.encodeToHost(model.encoder().forward(device.place(batch.images())));
            int[] labels = new int[count];
            Arrays.setAll(labels, i -> images.label(first + i));
            return new Records(labels, codes);
        }
    }
}
