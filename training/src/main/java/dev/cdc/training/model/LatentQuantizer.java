package dev.cdc.training.model;

import dev.cdc.core.codec.Quantizer;
import org.bytedeco.pytorch.Tensor;

/**
 * k-bit fixed-range quantization in the training loop. The forward pass produces exactly what
 * docs/codec.md's quantize-then-dequantize gives (computed by {@code core}'s {@link Quantizer}, so
 * training sees the very values the cloud will decode); the backward pass lets the gradient
 * through unchanged (straight-through estimator).
 */
public final class LatentQuantizer {
    private final Quantizer quantizer;
    private final int bits;

    public LatentQuantizer(int bits, float lo, float hi) {
        this.quantizer = Quantizer.of(bits, lo, hi);
        this.bits = bits;
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

    /** docs/codec.md's quantize-then-dequantize, element by element, without gradient. */
    public Tensor quantizeDequantize(Tensor latent) {
        float[] values = Tensors.toFloats(latent);
        for (int i = 0; i < values.length; i++) {
            values[i] = quantizer.value(quantizer.code(values[i]));
        }
        return Tensor.create(values, Tensors.shape(latent));
    }
}
