package dev.cdc.training.model;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.Quantizer;
import dev.cdc.cuda.CudaException;
import dev.cdc.training.pipeline.TensorLatentCodec;
import org.bytedeco.pytorch.Tensor;

/**
 * k-bit fixed-range quantization in the training loop. The forward pass produces exactly what
 * docs/codec.md's quantize-then-dequantize gives (computed by {@code core}'s {@link Quantizer}, so
 * training sees the very values the cloud will decode); the backward pass lets the gradient
 * through unchanged (straight-through estimator). On a GPU the values are the codec's own: the
 * CUDA kernels pack the latent into k-bit codes and unpack them again on the tensor's device and
 * stream, so no latent goes to the host and back.
 */
public final class LatentQuantizer {
    private final Quantizer quantizer;
    private final int bits;
    private final TensorLatentCodec deviceCodec;

    public LatentQuantizer(int bits, float lo, float hi) {
        this.quantizer = Quantizer.of(bits, lo, hi);
        this.bits = bits;
        this.deviceCodec = new TensorLatentCodec(CodecSpec.fixed(bits, lo, hi));
    }

    public int bits() {
        return bits;
    }

    /** Quantized values of {@code latent}, with the gradient of the identity. */
    public Tensor apply(Tensor latent) {
        Tensor exact = quantizeDequantize(latent);
        // exact + (latent - latent.detach()): the value is exactly `exact` (the difference is
        // 0 for finite latents), and the gradient with respect to `latent` is the identity.
        return exact.add(latent.sub(latent.detach()));
    }

    /** docs/codec.md's quantize-then-dequantize, element by element, without gradient, on the latent's device. */
    public Tensor quantizeDequantize(Tensor latent) {
        if (latent.is_cuda()) {
            try {
                return deviceCodec.decode(deviceCodec.encode(latent), Tensors.shape(latent));
            } catch (CudaException e) {
                throw new IllegalStateException("the CUDA codec kernels failed in the training loop: " + e.getMessage(), e);
            }
        }
        float[] values = Tensors.toFloats(latent);
        for (int i = 0; i < values.length; i++) {
            values[i] = quantizer.value(quantizer.code(values[i]));
        }
        return Tensor.create(values, Tensors.shape(latent));
    }
}
