package dev.cdc.training.model;

import java.nio.FloatBuffer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Copies between LibTorch tensors and Java arrays. */
public final class Tensors {
    private Tensors() {
    }

    /**
     * The elements of a tensor as floats, in C order (integer tensors are converted). A GPU
     * tensor is copied to the host first: its memory is not addressable from Java.
     */
    public static float[] toFloats(Tensor tensor) {
        Tensor detached = tensor.detach();
        Tensor host = detached.is_cuda() ? detached.cpu() : detached;
        Tensor contiguous = host.to(ScalarType.Float).contiguous();
        float[] values = new float[(int) contiguous.numel()];
        FloatBuffer buffer = contiguous.createBuffer();
        buffer.get(values);
        return values;
    }

    public static long[] shape(Tensor tensor) {
        return tensor.sizes().vec().get();
    }
}
