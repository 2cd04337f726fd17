package dev.cdc.bench.compare;

import dev.cdc.core.baseline.JpegBaseline;
import dev.cdc.core.data.ImageSet;
import dev.cdc.core.edge.JavaEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * The edge's work per image without LibTorch: the Java encoder plus quantize-and-pack at a batch
 * size, against encoding the same images as JPEG with ImageIO, one image at a time. Nothing here
 * loads LibTorch, so {@code bin/cdc-edge bench encode} runs it where there is none; with LibTorch,
 * {@link EncodeComparison} adds its encoder to the same rows.
 */
public final class JavaEncodeComparison {
    private JavaEncodeComparison() {
    }

    /**
     * One batch size.
     *
     * @param cdcBytesPerImage  packed codes and label of one record
     * @param jpegBytesPerImage one whole JPEG file
     */
    public record Row(int batch, double javaImagesPerSecond, double jpegImagesPerSecond, double cdcBytesPerImage,
            double jpegBytesPerImage) {
        public double javaOverJpeg() {
            return javaImagesPerSecond / jpegImagesPerSecond;
        }
    }

    public static List<Row> run(JavaEncoder encoder, ImageSet images, int[] batches, float jpegQuality, int rounds) throws Exception {
        float[] pixels = pixels(images);
        double jpeg = jpegImagesPerSecond(images, jpegQuality, rounds);
        double jpegBytes = jpegBytesPerImage(images, jpegQuality);
        List<Row> rows = new ArrayList<>();
        for (int batch : batches) {
            rows.add(new Row(batch, imagesPerSecond(encoder, pixels, images.count(), batch, rounds), jpeg, encoder.recordBytes() + 1,
                    jpegBytes));
        }
        return rows;
    }

    /** Every image's pixels, scaled to [0, 1], one after the other. */
    static float[] pixels(ImageSet images) {
        float[] pixels = new float[images.count() * images.imageSize()];
        for (int i = 0; i < images.count(); i++) {
            images.copyScaled(i, pixels, i * images.imageSize());
        }
        return pixels;
    }

    /**
     * The Java encoder on consecutive batches, walking through the images as LibTorch's encoder
     * does (digits differ in how much ink they have), each batch copied out as LibTorch's is
     * copied in.
     */
    static double imagesPerSecond(JavaEncoder encoder, float[] pixels, int count, int batch, int rounds) throws Exception {
        int size = pixels.length / count;
        float[] batchPixels = new float[batch * size];
        int[] at = {0};
        double seconds = Timing.medianSecondsPerCall(() -> {
            int first = at[0] + batch <= count ? at[0] : 0;
            System.arraycopy(pixels, first * size, batchPixels, 0, batch * size);
            encoder.encode(batchPixels, batch);
            at[0] = first + batch;
        }, 2, rounds, 0.3);
        return batch / seconds;
    }

    /** ImageIO's JPEG encoder, one image per call, walking through the images. */
    static double jpegImagesPerSecond(ImageSet images, float quality, int rounds) throws Exception {
        int[] next = {0};
        double seconds = Timing.medianSecondsPerCall(() -> {
            JpegBaseline.encode(images, next[0], quality);
            next[0] = (next[0] + 1) % images.count();
        }, 1, rounds, 0.3);
        return 1 / seconds;
    }

    /** Mean bytes of a whole JPEG file over the first thousand images. */
    static double jpegBytesPerImage(ImageSet images, float quality) {
        int sample = Math.min(images.count(), 1000);
        long bytes = 0;
        for (int i = 0; i < sample; i++) {
            bytes += JpegBaseline.encode(images, i, quality).length;
        }
        return (double) bytes / sample;
    }
}
