package dev.cdc.training.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.FastCodec;
import dev.cdc.cuda.CudaException;
import dev.cdc.training.model.Tensors;
import dev.cdc.training.pipeline.TensorLatentCodec;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** CPU tensors take core's path with core's bytes; the CUDA path is checked by the GPU self-test. */
class TensorLatentCodecTest {

    @Test
    void cpuTensorsGiveCoreBytesAndDecodeBack() throws CudaException {
        SplittableRandom random = new SplittableRandom(3);
        float[] values = new float[5 * 2 * 3 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        for (CodecSpec spec : new CodecSpec[] {CodecSpec.fixed(3, 0f, 1f), CodecSpec.block(5, 4)}) {
            TensorLatentCodec codec = new TensorLatentCodec(spec);
            Tensor latent = Tensor.create(values, 5, 2, 3, 3);
            byte[] expected = new byte[5 * spec.recordBytesExact(18)];
            new FastCodec(spec).encodeRecords(values, 5, 18, expected);
            assertArrayEquals(expected, codec.encodeToHost(latent));

            Tensor packed = codec.encode(latent);
            assertEquals(5, packed.size(0));
            byte[] fromTensor = new byte[(int) packed.numel()];
            ByteBuffer buffer = packed.createBuffer();
            buffer.get(fromTensor);
            assertArrayEquals(expected, fromTensor);

            float[] decoded = new float[values.length];
            new FastCodec(spec).decodeRecords(expected, 5, 18, decoded);
            assertArrayEquals(decoded, Tensors.toFloats(codec.decode(packed, 5, 2, 3, 3)), 0f);
        }
    }
}
