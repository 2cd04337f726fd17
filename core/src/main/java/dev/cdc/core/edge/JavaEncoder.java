package dev.cdc.core.edge;

import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.modelfile.EncoderFile;
import dev.cdc.core.modelfile.ModelFormatException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The edge's encoder without LibTorch: the network the training module defines (pad to a
 * multiple of 4; a 3x3 convolution, two 4x4 convolutions of stride 2 and a 1x1 head, each
 * followed by batch norm in inference form, ReLU after the first three and a sigmoid at the
 * end) in plain Java loops ({@link PlanarConvolution}), then the codec's quantize-and-pack.
 * Images of a batch run in parallel on the common pool. Floating point sums in another order
 * than LibTorch's, so a value that lands on a quantization boundary can take the neighbouring
 * code (docs/edge.md measures how often); Java's float arithmetic is the same on every
 * platform, so the codes are too.
 */
public final class JavaEncoder {
    /** LibTorch's batch-norm epsilon. */
    private static final float EPSILON = 1e-5f;
    /** Batches split into about this many pieces per pool thread, so that uneven images even out. */
    private static final int PIECES_PER_THREAD = 4;

    private final int channels;
    private final int height;
    private final int width;
    /** conv1, conv2, conv3, head. */
    private final PlanarConvolution[] layers;
    /** Where image value (c, y, x) goes in conv1's input planes. */
    private final int[] imageDestination;
    /** Per layer, where each of its output values goes: the next layer's planes, or the latent (CHW) for the head. */
    private final int[][] destinations;
    private final FastCodec codec;
    private final int latentElements;
    private final boolean parallel;

    /**
     * Buffers kept between calls: a call of one image would otherwise allocate and zero about
     * 200 KB (for a 28 x 28 digit), which cost as much as encoding it. One per piece in flight at most.
     */
    private final Queue<Scratch> idle = new ConcurrentLinkedQueue<>();

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
        int w = model.convWidth();
        PlanarConvolution conv1 = layer(model, file, "conv1", "norm1", channels, w / 2, 3, 1, 1, model.latentHeight() * 4,
                model.latentWidth() * 4, true);
        PlanarConvolution conv2 = layer(model, file, "conv2", "norm2", w / 2, w, 4, 2, 1, conv1.outHeight(), conv1.outWidth(), true);
        PlanarConvolution conv3 = layer(model, file, "conv3", "norm3", w, w, 4, 2, 1, conv2.outHeight(), conv2.outWidth(), true);
        PlanarConvolution head = layer(model, file, "head", "headNorm", w, model.latentChannels(), 1, 1, 0, conv3.outHeight(),
                conv3.outWidth(), false);
        this.layers = new PlanarConvolution[] {conv1, conv2, conv3, head};
        this.imageDestination = destinations(conv1, channels, height, width);
        this.destinations = new int[layers.length][];
        for (int i = 0; i + 1 < layers.length; i++) {
            PlanarConvolution layer = layers[i];
            destinations[i] = destinations(layers[i + 1], layer.outChannels(), layer.outHeight(), layer.outWidth());
        }
        int[] latent = new int[head.outChannels() * head.outHeight() * head.outWidth()];
        Arrays.setAll(latent, i -> i);
        destinations[layers.length - 1] = latent;
        this.codec = new FastCodec(model.codec());
        this.latentElements = model.latentElements();
    }

    private static PlanarConvolution layer(EncoderFile model, Path file, String conv, String norm, int in, int out, int kernel,
            int stride, int padding, int inHeight, int inWidth, boolean relu) throws ModelFormatException {
        float[] weight = model.tensor(file, conv + ".weight", out, in, kernel, kernel).values();
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
        return new PlanarConvolution(in, out, kernel, stride, padding, inHeight, inWidth, weight, bias, scale, shift, relu);
    }

    /** For each value (c, y, x) of a channels x h x w tensor (CHW order), its index in {@code next}'s input planes. */
    private static int[] destinations(PlanarConvolution next, int channels, int h, int w) {
        int[] destination = new int[channels * h * w];
        int i = 0;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    destination[i++] = next.inputIndex(c, y, x);
                }
            }
        }
        return destination;
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
        int pieces = parallel ? Math.min(count, ForkJoinPool.getCommonPoolParallelism() * PIECES_PER_THREAD) : 1;
        IntStream indices = IntStream.range(0, pieces);
        (pieces > 1 ? indices.parallel() : indices).forEach(piece -> {
            Scratch scratch = idle.poll();
            if (scratch == null) {
                scratch = new Scratch();
            }
            int first = (int) ((long) count * piece / pieces);
            int end = (int) ((long) count * (piece + 1) / pieces);
            for (int i = first; i < end; i++) {
                latent(images, i * imageSize, out, i * latentElements, scratch);
            }
            idle.offer(scratch);
        });
        return out;
    }

    /** Packed codes of {@code count} images, {@link #recordBytes()} each: what an edge sends. */
    public byte[] encode(float[] images, int count) {
        float[] latents = latents(images, count);
        byte[] codes = new byte[count * recordBytes()];
        codec.encodeRecords(latents, count, latentElements, codes);
        return codes;
    }

    /**
     * One thread's buffers: each layer's input planes, tap columns and accumulators. The planes' borders are
     * never written, so they stay the zeros the padding needs from one image to the next.
     */
    private final class Scratch {
        final float[][] planes = new float[layers.length][];
        final float[][][] columns = new float[layers.length][][];
        final float[][][] accumulators = new float[layers.length][][];
        final float[] logits = new float[latentElements];

        Scratch() {
            for (int i = 0; i < layers.length; i++) {
                planes[i] = new float[layers[i].inputFloats()];
                columns[i] = layers[i].newColumns();
                accumulators[i] = layers[i].newAccumulators();
            }
        }
    }

    private void latent(float[] images, int offset, float[] out, int outOffset, Scratch scratch) {
        float[] input = scratch.planes[0];
        for (int i = 0; i < imageDestination.length; i++) {
            input[imageDestination[i]] = images[offset + i];
        }
        for (int i = 0; i < layers.length; i++) {
            float[] output = i + 1 < layers.length ? scratch.planes[i + 1] : scratch.logits;
            layers[i].apply(scratch.planes[i], scratch.columns[i], scratch.accumulators[i], output, destinations[i]);
        }
        float[] z = scratch.logits;
        for (int i = 0; i < z.length; i++) {
            out[outOffset + i] = (float) (1 / (1 + Math.exp(-z[i])));
        }
    }
}
