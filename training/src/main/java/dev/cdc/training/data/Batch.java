package dev.cdc.training.data;

import dev.cdc.training.ComputeDevice;
import org.bytedeco.pytorch.Tensor;

/**
 * One batch as tensors. Create and use it inside the step's {@code PointerScope}, which frees
 * the tensors when the step ends.
 *
 * @param images (N, C, H, W) float in [0, 1]
 * @param labels (N) int64 class indices
 */
public record Batch(Tensor images, Tensor labels, int size) {

    /** Changes one image of a batch in place, before it becomes a tensor. */
    @FunctionalInterface
    public interface RecordTransform {
        /** The image at {@code pixels[offset ..]} is row {@code row} of the batch. */
        void apply(float[] pixels, int offset, int row);
    }

    /** This batch on {@code device} (itself when it is there already). */
    public Batch on(ComputeDevice device) {
        return new Batch(device.place(images), device.place(labels), size);
    }

    /** The images at {@code indices[from, to)}. */
    public static Batch of(TrainingImages data, int[] indices, int from, int to) {
        return of(data, indices, from, to, (pixels, offset, row) -> {
        });
    }

    /** The images at {@code indices[from, to)}, each passed through {@code transform}. */
    public static Batch of(TrainingImages data, int[] indices, int from, int to, RecordTransform transform) {
        int n = to - from;
        int pixels = data.shape().pixels();
        float[] x = new float[n * pixels];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            data.copy(indices[from + i], x, i * pixels);
            transform.apply(x, i * pixels, i);
            y[i] = data.label(indices[from + i]);
        }
        return new Batch(Tensor.create(x, n, data.shape().channels(), data.shape().height(), data.shape().width()),
                Tensor.create(y, n), n);
    }
}
