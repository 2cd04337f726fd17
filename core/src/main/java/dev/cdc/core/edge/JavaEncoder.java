package dev.cdc.core.edge;

import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.modelfile.EncoderFile;
import dev.cdc.core.modelfile.ModelFormatException;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * The edge's encoder without LibTorch: the network the training module defines (pad to a
 * multiple of 4; a 3x3 convolution, two 4x4 convolutions of stride 2 and a 1x1 head, each
 * followed by batch norm in inference form, ReLU after the first three and a sigmoid at the
 * end) in plain Java loops, then the codec's quantize-and-pack. Images of a batch run in
 * parallel on the common pool. Floating point sums in another order than LibTorch's, so a value
 * that lands on a quantization boundary can take the neighbouring code (docs/edge.md measures
 * how often).
 */
public final class JavaEncoder {
    /** LibTorch's batch-norm epsilon. */
    private static final float EPSILON = 1e-5f;

    private final int channels;
    private final int height;
    private final int width;
    private final int paddedHeight;
    private final int paddedWidth;
    private final Layer conv1;
    private final Layer conv2;
    private final Layer conv3;
    private final Layer head;
    private final FastCodec codec;
    private final int latentElements;
    private final boolean parallel;

    /**
     * A convolution and the batch norm after it, in inference form: y = conv(x) * scale + shift per
     * channel; {@code weight} is transposed to (in, ky, kx, out) so one input value meets all
     * output channels in a row.
     */
    private record Layer(int in, int out, int kernel, int stride, int padding, float[] weight, float[] bias, float[] scale,
            float[] shift) {
        int outSize(int size) {
            return (size + 2 * padding - kernel) / stride + 1;
        }
    }

    /** An encoder that runs a batch's images in parallel on the common pool. */
    public JavaEncoder(EncoderFile model, Path file) throws ModelFormatException {
        this(model, file, true);
    }

    /** An encoder that runs a batch's images in parallel on the common pool, or all on the calling thread. */
    public JavaEncoder(EncoderFile model, Path file, boolean parallel) throws ModelFormatException {
        this.parallel = parallel;
        this.channels = model.channels();
        this.height = model.height();
        this.width = model.width();
        this.paddedHeight = model.latentHeight() * 4;
        this.paddedWidth = model.latentWidth() * 4;
        int w = model.convWidth();
        this.conv1 = layer(model, file, "conv1", "norm1", channels, w / 2, 3, 1, 1);
        this.conv2 = layer(model, file, "conv2", "norm2", w / 2, w, 4, 2, 1);
        this.conv3 = layer(model, file, "conv3", "norm3", w, w, 4, 2, 1);
        this.head = layer(model, file, "head", "headNorm", w, model.latentChannels(), 1, 1, 0);
        this.codec = new FastCodec(model.codec());
        this.latentElements = model.latentElements();
    }

    private static Layer layer(EncoderFile model, Path file, String conv, String norm, int in, int out, int kernel, int stride,
            int padding) throws ModelFormatException {
        float[] stored = model.tensor(file, conv + ".weight", out, in, kernel, kernel).values();
        float[] weight = new float[stored.length];
        for (int o = 0; o < out; o++) {
            for (int j = 0; j < in * kernel * kernel; j++) {
                weight[j * out + o] = stored[o * in * kernel * kernel + j];
            }
        }
        float[] bias = model.tensor(file, conv + ".bias", out).values();
        float[] gamma = model.tensor(file, norm + ".weight", out).values();
        float[] beta = model.tensor(file, norm + ".bias", out).values();
        float[] mean = model.tensor(file, norm + ".running_mean", out).values();
        float[] variance = model.tensor(file, norm + ".running_var", out).values();
        float[] scale = new float[out];
        float[] shift = new float[out];
        for (int c = 0; c < out; c++) {
            scale[c] = (float) (gamma[c] / Math.sqrt(variance[c] + EPSILON));
            shift[c] = beta[c] - mean[c] * scale[c];
        }
        return new Layer(in, out, kernel, stride, padding, weight, bias, scale, shift);
    }

    /** Values per latent. */
    public int latentElements() {
        return latentElements;
    }

    /** Bytes of one record's packed codes. */
    public int recordBytes() {
        return codec.spec().recordBytesExact(latentElements);
    }

    /**
     * Latents of {@code count} images ({@code channels x height x width} floats in [0, 1] each, CHW),
     * {@link #latentElements()} floats each.
     */
    public float[] latents(float[] images, int count) {
        int imageSize = channels * height * width;
        if ((long) count * imageSize > images.length) {
            throw new IllegalArgumentException(count + " images need " + (long) count * imageSize + " floats, got " + images.length);
        }
        float[] out = new float[count * latentElements];
        IntStream indices = IntStream.range(0, count);
        (parallel ? indices.parallel() : indices).forEach(i -> latent(images, i * imageSize, out, i * latentElements));
        return out;
    }

    /** Packed codes of {@code count} images, {@link #recordBytes()} each: what an edge sends. */
    public byte[] encode(float[] images, int count) {
        float[] latents = latents(images, count);
        byte[] codes = new byte[count * recordBytes()];
        codec.encodeRecords(latents, count, latentElements, codes);
        return codes;
    }

    private void latent(float[] images, int offset, float[] out, int outOffset) {
        float[] x = new float[channels * paddedHeight * paddedWidth];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(images, offset + (c * height + y) * width, x, (c * paddedHeight + y) * paddedWidth, width);
            }
        }
        int h = paddedHeight;
        int w = paddedWidth;
        float[] a = apply(conv1, x, h, w, true);
        int h2 = conv2.outSize(h);
        int w2 = conv2.outSize(w);
        float[] b = apply(conv2, a, h, w, true);
        int h3 = conv3.outSize(h2);
        int w3 = conv3.outSize(w2);
        float[] c = apply(conv3, b, h2, w2, true);
        float[] z = apply(head, c, h3, w3, false);
        for (int i = 0; i < z.length; i++) {
            out[outOffset + i] = (float) (1 / (1 + Math.exp(-z[i])));
        }
    }

    /**
     * One layer on one image of {@code in x h x w}, output pixel by output pixel: each input value
     * under the kernel adds its row of the transposed weights to the pixel's output channels, a
     * loop over contiguous floats that the JIT vectorises; zeros (most pixels of a digit, half
     * of what a ReLU passes on) add nothing and are skipped, which leaves every sum unchanged.
     */
    private static float[] apply(Layer layer, float[] x, int h, int w, boolean relu) {
        int oh = layer.outSize(h);
        int ow = layer.outSize(w);
        int k = layer.kernel();
        int s = layer.stride();
        int p = layer.padding();
        int outChannels = layer.out();
        float[] weights = layer.weight();
        float[] out = new float[outChannels * oh * ow];
        float[] acc = new float[outChannels];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                System.arraycopy(layer.bias(), 0, acc, 0, outChannels);
                for (int ic = 0; ic < layer.in(); ic++) {
                    for (int ky = 0; ky < k; ky++) {
                        int iy = oy * s + ky - p;
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        for (int kx = 0; kx < k; kx++) {
                            int ix = ox * s + kx - p;
                            if (ix < 0 || ix >= w) {
                                continue;
                            }
                            float v = x[(ic * h + iy) * w + ix];
                            if (v == 0) {
                                continue;
                            }
                            int row = ((ic * k + ky) * k + kx) * outChannels;
                            for (int oc = 0; oc < outChannels; oc++) {
                                acc[oc] += weights[row + oc] * v;
                            }
                        }
                    }
                }
                int pixel = oy * ow + ox;
                for (int oc = 0; oc < outChannels; oc++) {
                    float v = acc[oc] * layer.scale()[oc] + layer.shift()[oc];
                    out[oc * oh * ow + pixel] = relu && v < 0 ? 0 : v;
                }
            }
        }
        return out;
    }
}
