package dev.cdc.bench.compare;

import dev.cdc.core.baseline.JpegBaseline;
import dev.cdc.core.data.ImageSet;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.pipeline.ChunkEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * The edge's work per image: encoder forward plus quantize-and-pack at a batch size, against
 * encoding the same images as JPEG with ImageIO (what an edge would do without CDC), with the
 * bytes each sends per image.
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
    public record Row(int batch, double cdcImagesPerSecond, double jpegImagesPerSecond, double cdcBytesPerImage,
            double jpegBytesPerImage) {
        public double cdcOverJpeg() {
            return cdcImagesPerSecond / jpegImagesPerSecond;
        }
    }

    public static List<Row> run(CdcModel model, ImageSet images, int[] batches, float jpegQuality, int rounds) throws Exception {
        TrainingImages input = TrainingImages.of(images);
        ChunkEncoder encoder = new ChunkEncoder(model, input);
        int count = images.count();
        int[] next = {0};
        double jpegSeconds = Timing.medianSecondsPerCall(() -> {
            JpegBaseline.encode(images, next[0], jpegQuality);
            next[0] = (next[0] + 1) % count;
        }, 1, rounds, 0.3);
        long jpegBytes = 0;
        int sample = Math.min(count, 1000);
        for (int i = 0; i < sample; i++) {
            jpegBytes += JpegBaseline.encode(images, i, jpegQuality).length;
        }
        double recordBytes = model.config().codec().recordBytes(model.config().latentElements()) + 1; // + label byte
        List<Row> rows = new ArrayList<>();
        for (int batch : batches) {
            int[] at = {0};
            double seconds = Timing.medianSecondsPerCall(() -> {
                int first = at[0] + batch <= count ? at[0] : 0;
                encoder.encode(first, batch);
                at[0] = first + batch;
            }, 2, rounds, 0.3);
            rows.add(new Row(batch, batch / seconds, 1 / jpegSeconds, recordBytes, (double) jpegBytes / sample));
        }
        return rows;
    }
}
