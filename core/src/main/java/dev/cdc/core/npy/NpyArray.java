package dev.cdc.core.npy;

import java.util.Arrays;

/**
 * A float32 array in C order, as NumPy's {@code .npy} holds it.
 *
 * @param shape the dimensions, outermost first; empty for a scalar
 * @param data  the elements in C order, {@code product(shape)} of them
 */
public record NpyArray(long[] shape, float[] data) {

    public NpyArray {
        shape = shape.clone();
        long count = elementCount(shape);
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                    + " elements but " + data.length + " were given");
        }
    }

    public long[] shape() {
        return shape.clone();
    }

    /** Product of the dimensions, or -1 when one is negative or the product overflows a long. */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            if (d != 0 && count > Long.MAX_VALUE / d) {
                return -1;
            }
            count *= d;
        }
        return count;
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }
}
