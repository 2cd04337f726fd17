package dev.cdc.training.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cdc.training.model.Tensors;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** Gradient buckets of the data-parallel task: grouping by size, and the flat round trip. */
class FlatTensorsTest {
    /** {@code first, first + 1, ...}, {@code n} of them, shaped as asked (flat by default). */
    private static Tensor filled(int n, float first, long... shape) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = first + i;
        }
        return Tensor.create(values, shape.length == 0 ? new long[] {n} : shape);
    }

    private static float[] values(Tensor t) {
        return Tensors.toFloats(t);
    }

    @Test
    void bucketsHoldConsecutiveTensorsUpToTheCapAndALargerOneAlone() {
        List<Tensor> tensors = List.of(filled(10, 0), filled(10, 0), filled(30, 0), filled(5, 0), filled(5, 0));
        // A cap of 80 bytes is 20 floats: [10, 10], [30] (larger than the cap, alone), [5, 5].
        List<List<Tensor>> buckets = FlatTensors.buckets(tensors, 80);
        assertEquals(List.of(2, 1, 2), buckets.stream().map(List::size).toList());
        assertEquals(tensors.get(2), buckets.get(1).get(0));
        assertEquals(1, FlatTensors.buckets(tensors, FlatTensors.BUCKET_BYTES).size());
    }

    @Test
    void packThenUnpackGivesEveryTensorItsOwnValuesBack() {
        Tensor a = filled(6, 0, 2, 3);
        Tensor b = filled(4, 100);
        Tensor flat = FlatTensors.pack(List.of(a, b));
        assertEquals(10, flat.numel());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 100, 101, 102, 103}, values(flat));

        Tensor doubled = flat.mul(new Scalar(2.0));
        FlatTensors.unpack(doubled, List.of(a, b));
        assertArrayEquals(new float[] {0, 2, 4, 6, 8, 10}, values(a));
        assertArrayEquals(new long[] {2, 3}, Tensors.shape(a));
        assertArrayEquals(new float[] {200, 202, 204, 206}, values(b));
    }
}
