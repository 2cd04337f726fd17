package dev.cdc.training.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cdc.core.codec.Quantizer;
import dev.cdc.training.model.LatentQuantizer;
import dev.cdc.training.model.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class LatentQuantizerTest {

    @Test
    void forwardIsExactlyTheCodecAndBackwardIsTheIdentity() {
        float[] values = {0f, 0.1f, 0.16666667f, 0.5f, 0.8333333f, 0.99f, 1f, 0.3f};
        Tensor latent = Tensor.create(values, 2, 4).set_requires_grad(true);
        LatentQuantizer quantizer = new LatentQuantizer(2, 0f, 1f);
        Tensor quantized = quantizer.apply(latent);
        Quantizer reference = Quantizer.of(2, 0f, 1f);
        float[] expected = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            expected[i] = reference.value(reference.code(values[i]));
        }
        float[] actual = Tensors.toFloats(quantized);
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "element " + i);
        }
        quantized.mul(Tensor.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4)).sum().backward();
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, Tensors.toFloats(latent.grad()), 0f);
    }
}
