package dev.cdc.core.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The phase-plane convolution against a plain one written from the definition (every output
 * pixel, every input channel, every tap inside the padded input), on random weights and inputs,
 * for the encoder's layer shapes and for sizes that do not divide by the stride.
 */
class PlanarConvolutionTest {
    private static final float TOLERANCE = 1e-4f;

    @Test
    void theEncodersLayersMatchThePlainConvolution() {
        check(1, 16, 3, 1, 1, 28, 28, true);
        check(16, 32, 4, 2, 1, 28, 28, true);
        check(32, 32, 4, 2, 1, 14, 14, true);
        check(32, 2, 1, 1, 0, 7, 7, false);
        check(3, 8, 3, 1, 1, 32, 32, true);
    }

    @Test
    void oddSizesStridesAndKernelsMatchToo() {
        check(2, 5, 4, 2, 1, 13, 9, true);
        check(3, 4, 3, 2, 1, 11, 10, false);
        check(1, 3, 5, 3, 2, 17, 8, true);
        check(5, 7, 2, 2, 0, 6, 7, false);
        check(1, 1, 1, 1, 0, 1, 1, false);
    }

    private static void check(int in, int out, int kernel, int stride, int padding, int height, int width, boolean relu) {
        Random random = new Random(31L * in + 7L * out + kernel + height * 101L + width);
        float[] weight = values(random, out * in * kernel * kernel);
        float[] bias = values(random, out);
        float[] scale = values(random, out);
        float[] shift = values(random, out);
        float[] image = values(random, in * height * width);
        PlanarConvolution layer = new PlanarConvolution(in, out, kernel, stride, padding, height, width, weight, bias, scale, shift,
                relu);

        float[] planes = new float[layer.inputFloats()];
        for (int c = 0; c < in; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    planes[layer.inputIndex(c, y, x)] = image[(c * height + y) * width + x];
                }
            }
        }
        int outputs = out * layer.outHeight() * layer.outWidth();
        int[] destination = new int[outputs];
        for (int i = 0; i < outputs; i++) {
            destination[i] = i;
        }
        float[] actual = new float[outputs];
        layer.apply(planes, layer.newColumns(), layer.newAccumulators(), actual, destination);

        float[] expected = plain(image, in, out, kernel, stride, padding, height, width, weight, bias, scale, shift, relu);
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < outputs; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE * Math.max(1, Math.abs(expected[i])), "output " + i);
        }
    }

    private static float[] plain(float[] image, int in, int out, int kernel, int stride, int padding, int height, int width,
            float[] weight, float[] bias, float[] scale, float[] shift, boolean relu) {
        int outHeight = (height + 2 * padding - kernel) / stride + 1;
        int outWidth = (width + 2 * padding - kernel) / stride + 1;
        float[] result = new float[out * outHeight * outWidth];
        for (int o = 0; o < out; o++) {
            for (int oy = 0; oy < outHeight; oy++) {
                for (int ox = 0; ox < outWidth; ox++) {
                    double sum = bias[o];
                    for (int c = 0; c < in; c++) {
                        for (int ky = 0; ky < kernel; ky++) {
                            for (int kx = 0; kx < kernel; kx++) {
                                int y = oy * stride + ky - padding;
                                int x = ox * stride + kx - padding;
                                if (y >= 0 && y < height && x >= 0 && x < width) {
                                    sum += (double) weight[((o * in + c) * kernel + ky) * kernel + kx] * image[(c * height + y) * width + x];
                                }
                            }
                        }
                    }
                    float v = (float) sum * scale[o] + shift[o];
                    result[(o * outHeight + oy) * outWidth + ox] = relu && v < 0 ? 0 : v;
                }
            }
        }
        return result;
    }

    private static float[] values(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }
}
