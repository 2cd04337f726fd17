package dev.cdc.core.edge;

import java.util.Arrays;

/**
 * One convolution and the batch norm after it (in inference form), laid out so that its inner
 * loop is long and contiguous, which is what the JIT turns into vector instructions.
 *
 * <p>The layer's input is kept as <em>phase planes</em>: for a stride of s, input channel c
 * becomes s x s zero-bordered planes, plane (a, b) holding the input values at rows {@code s*i + a
 * - padding} and columns {@code s*j + b - padding}. Every kernel tap then reads one plane at a
 * fixed offset from the output pixel, so one output channel is a sum over taps of
 * {@code weight * plane[offset + p]} for p running over the output's pixels in a row-major order
 * whose row pitch is the plane's width (the few columns past the output's width are computed and
 * never used). The zero borders stand for the convolution's padding and are never written.
 */
final class PlanarConvolution {
    private static final int GROUP = 4;
    private final int outChannels;
    private final int stride;
    private final int padding;
    private final int outHeight;
    private final int outWidth;
    private final int planeHeight;
    private final int planeWidth;
    private final int inputFloats;
    /** Per tap, where it reads in the input planes (relative to the output pixel); the same for every output channel. */
    private final int[] offsets;
    /**
     * Per output channel, the taps' weights in the order of {@link #offsets}, then zeros up to a
     * multiple of four (taps that read a column of zeros), so that every pass over the pixels takes four.
     */
    private final float[] weights;
    private final float[] bias;
    private final float[] scale;
    private final float[] shift;
    private final boolean relu;

    /**
     * @param weight  (out, in, kernel, kernel), as LibTorch stores it
     * @param scale   the batch norm's per-channel factor, {@code gamma / sqrt(variance + eps)}
     * @param shift   the batch norm's per-channel offset, {@code beta - mean * scale}
     */
    PlanarConvolution(int inChannels, int outChannels, int kernel, int stride, int padding, int inHeight, int inWidth,
            float[] weight, float[] bias, float[] scale, float[] shift, boolean relu) {
        this.outChannels = outChannels;
        this.stride = stride;
        this.padding = padding;
        this.outHeight = (inHeight + 2 * padding - kernel) / stride + 1;
        this.outWidth = (inWidth + 2 * padding - kernel) / stride + 1;
        int reach = (kernel - 1) / stride; // how far a tap's plane offset goes beyond the output pixel
        this.planeHeight = outHeight + reach;
        this.planeWidth = outWidth + reach;
        // The pitch columns read up to `reach` floats past the last plane's end; one more float
        // takes the values no output reads.
        this.inputFloats = inChannels * stride * stride * planeHeight * planeWidth + reach + 1;
        int taps = inChannels * kernel * kernel;
        int paddedTaps = (taps + GROUP - 1) / GROUP * GROUP;
        this.offsets = new int[taps];
        this.weights = new float[outChannels * paddedTaps];
        int t = 0;
        for (int c = 0; c < inChannels; c++) {
            for (int a = 0; a < stride; a++) {
                for (int b = 0; b < stride; b++) {
                    int plane = ((c * stride + a) * stride + b) * planeHeight * planeWidth;
                    for (int ky = a; ky < kernel; ky += stride) {
                        for (int kx = b; kx < kernel; kx += stride) {
                            offsets[t] = plane + (ky / stride) * planeWidth + kx / stride;
                            for (int o = 0; o < outChannels; o++) {
                                weights[o * paddedTaps + t] = weight[((o * inChannels + c) * kernel + ky) * kernel + kx];
                            }
                            t++;
                        }
                    }
                }
            }
        }
        this.bias = bias.clone();
        this.scale = scale.clone();
        this.shift = shift.clone();
        this.relu = relu;
    }

    int outChannels() {
        return outChannels;
    }

    int outHeight() {
        return outHeight;
    }

    int outWidth() {
        return outWidth;
    }

    /** Floats of this layer's input planes. */
    int inputFloats() {
        return inputFloats;
    }

    /** Buffers for {@link #apply}: one accumulator per output channel. */
    float[][] newAccumulators() {
        return new float[outChannels][outHeight * planeWidth];
    }

    /**
     * Where input value (c, y, x) goes in this layer's input planes; where no output reads it, the
     * last float, which nothing reads, so that writers need no test.
     */
    int inputIndex(int c, int y, int x) {
        int row = y + padding;
        int column = x + padding;
        int i = row / stride;
        int j = column / stride;
        if (i >= planeHeight || j >= planeWidth) {
            return inputFloats - 1;
        }
        return (((c * stride + row % stride) * stride + column % stride) * planeHeight + i) * planeWidth + j;
    }

    /** Buffers for {@link #apply}: the pixels of four taps. */
    float[][] newColumns() {
        return new float[GROUP][outHeight * planeWidth];
    }

    /**
     * The layer on one image: reads {@code input} (this layer's planes), and writes output value
     * (o, y, x) to {@code output[destination[(o * outHeight + y) * outWidth + x]]}.
     * Each tap's pixels are first copied to a column of their own: the JIT vectorises a loop
     * over several arrays at the same index, not over one array at offsets it cannot prove apart
     * from the accumulator's; the copies cost one pass per tap, the sums one per tap and
     * output channel.
     */
    void apply(float[] input, float[][] columns, float[][] accumulators, float[] output, int[] destination) {
        int n = outHeight * planeWidth;
        int taps = weights.length / outChannels;
        for (int o = 0; o < outChannels; o++) {
            Arrays.fill(accumulators[o], 0, n, bias[o]);
        }
        // Four taps at a time, every channel inside: the four columns stay in the first-level
        // cache while each channel's accumulator takes them.
        float[] c0 = columns[0];
        float[] c1 = columns[1];
        float[] c2 = columns[2];
        float[] c3 = columns[3];
        for (int t = 0; t < taps; t += GROUP) {
            for (int i = 0; i < GROUP; i++) {
                if (t + i < offsets.length) {
                    System.arraycopy(input, offsets[t + i], columns[i], 0, n);
                } else {
                    Arrays.fill(columns[i], 0, n, 0); // a padding tap
                }
            }
            for (int o = 0; o < outChannels; o++) {
                int w = o * taps + t;
                addFour(accumulators[o], c0, c1, c2, c3, n, weights[w], weights[w + 1], weights[w + 2], weights[w + 3]);
            }
        }
        for (int o = 0; o < outChannels; o++) {
            float[] accumulator = accumulators[o];
            float factor = scale[o];
            float offset = shift[o];
            for (int p = 0; p < n; p++) {
                accumulator[p] = accumulator[p] * factor + offset;
            }
            if (relu) {
                for (int p = 0; p < n; p++) {
                    accumulator[p] = Math.max(accumulator[p], 0f);
                }
            }
            int q = o * outHeight * outWidth;
            for (int y = 0; y < outHeight; y++) {
                int row = y * planeWidth;
                for (int x = 0; x < outWidth; x++) {
                    output[destination[q++]] = accumulator[row + x];
                }
            }
        }
    }

    /**
     * Four taps in one pass, so each pixel's accumulator is loaded and stored once for four
     * multiply-adds. Four, not more: a longer body is past what the JIT unrolls, and a loop it
     * does not unroll it does not vectorise either.
     */
    private static void addFour(float[] acc, float[] c0, float[] c1, float[] c2, float[] c3, int n, float w0, float w1, float w2,
            float w3) {
        for (int p = 0; p < n; p++) {
            acc[p] += w0 * c0[p] + w1 * c1[p] + w2 * c2[p] + w3 * c3[p];
        }
    }
}
