package dev.cdc.bench.compare;

import dev.cdc.core.data.ImageSet;
import dev.cdc.core.edge.CodeAgreement;
import dev.cdc.core.edge.JavaEncoder;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.pipeline.ChunkEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * The edge's work per image: encoder forward plus quantize-and-pack at a batch size, against
 * encoding the same images as JPEG with ImageIO (what an edge would do without CDC), with the
 * bytes each sends per image; and the LibTorch-free encoder ({@link JavaEncoder}) on the same
 * batches, with how often its codes agree with LibTorch's.
 */
public final class EncodeComparison {
    private EncodeComparison() {
    }

    /**
     * One batch size.
     *
     * @param cdcImagesPerSecond  encoder + quantize-and-pack
     * @param jpegImagesPerSecond ImageIO JPEG, one image at a time
     * @param cdcBytesPerImage    codes and label of one record
     * @param jpegBytesPerImage   one whole JPEG file
     */
    public record Row(int batch, double cdcImagesPerSecond, double javaImagesPerSecond, double jpegImagesPerSecond,
            double cdcBytesPerImage, double jpegBytesPerImage) {
        public double cdcOverJpeg() {
            return cdcImagesPerSecond / jpegImagesPerSecond;
        }

        /** The LibTorch-free encoder against LibTorch's. */
        public double javaOverLibTorch() {
            return javaImagesPerSecond / cdcImagesPerSecond;
        }

        public double javaOverJpeg() {
            return javaImagesPerSecond / jpegImagesPerSecond;
        }
    }

    /** The rows, and the agreement of the two encoders' codes on all the images. */
    public record Result(List<Row> rows, CodeAgreement agreement) {
    }

    public static Result run(CdcModel model, JavaEncoder javaEncoder, ImageSet images, int[] batches, float jpegQuality,
            int rounds) throws Exception {
        TrainingImages input = TrainingImages.of(images);
        ChunkEncoder encoder = new ChunkEncoder(model, input);
        int count = images.count();
        double jpeg = JavaEncodeComparison.jpegImagesPerSecond(images, jpegQuality, rounds);
        double jpegBytes = JavaEncodeComparison.jpegBytesPerImage(images, jpegQuality);
        float[] pixels = JavaEncodeComparison.pixels(images);
        double recordBytes = model.config().codec().recordBytes(model.config().latentElements()) + 1; // + label byte
        List<Row> rows = new ArrayList<>();
        for (int batch : batches) {
            int[] at = {0};
            double seconds = Timing.medianSecondsPerCall(() -> {
                int first = at[0] + batch <= count ? at[0] : 0;
                encoder.encode(first, batch);
                at[0] = first + batch;
            }, 2, rounds, 0.3);
            double java = JavaEncodeComparison.imagesPerSecond(javaEncoder, pixels, count, batch, rounds);
            rows.add(new Row(batch, batch / seconds, java, jpeg, recordBytes, jpegBytes));
        }
        return new Result(rows, agreement(model, javaEncoder, input, encoder));
    }

    /** How the two encoders' codes agree on every image. */
    private static CodeAgreement agreement(CdcModel model, JavaEncoder javaEncoder, TrainingImages input, ChunkEncoder encoder)
            throws Exception {
        int chunk = 500;
        CodeAgreement total = CodeAgreement.NONE;
        for (int first = 0; first < input.count(); first += chunk) {
            int count = Math.min(chunk, input.count() - first);
            float[] pixels = new float[count * input.shape().pixels()];
            for (int i = 0; i < count; i++) {
                input.copy(first + i, pixels, i * input.shape().pixels());
            }
            total = total.plus(CodeAgreement.of(model.config().codec(), model.config().latentElements(),
                    javaEncoder.encode(pixels, count), encoder.encode(first, count).codes(), count));
        }
        return total;
    }
}
