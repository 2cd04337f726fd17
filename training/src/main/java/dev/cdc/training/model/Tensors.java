package dev.cdc.training.model;

import java.nio.FloatBuffer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Copies between LibTorch CPU tensors and Java arrays. */
public final class Tensors {
    private Tensors() {
    }

    /** The elements of a tensor as floats, in C order (integer tensors are converted). */
    public static float[] toFloats(Tensor tensor) {
        Tensor contiguous = tensor.detach().to(ScalarType.Float).contiguous();
        float[] values = new float[(int) contiguous.numel()];
        FloatBuffer buffer = contiguous.createBuffer();
        buffer.get(values);
        return values;
    }

    public static long[] shape(Tensor tensor) {
        return tensor.sizes().vec().get();
    }
}
