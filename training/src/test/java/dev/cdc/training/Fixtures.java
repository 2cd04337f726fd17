package dev.cdc.training;

import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.ImageShape;
import dev.cdc.training.store.Provenance;
import java.util.Map;
import java.util.SplittableRandom;

/** Small synthetic images whose class is visible in them, for fast training tests. */
public final class Fixtures {
    /** A provenance for models the tests save. */
    public static final Provenance PROVENANCE = new Provenance("test/train", 7, Map.of("lambda", 0.1), null, "test", "test", "17",
            "2026-01-01T00:00:00Z");

    private Fixtures() {
    }

    /** {@code count} 1x12x12 images: class c is a bright bar in row band c of 3, plus noise. */
    public static TrainingImages bars(int count, long seed) {
        ImageShape shape = new ImageShape(1, 12, 12);
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[count * shape.pixels()];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = i % 3;
            labels[i] = label;
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 12; x++) {
                    float bar = y / 4 == label ? 0.8f : 0.1f;
                    pixels[i * shape.pixels() + y * 12 + x] = Math.min(1f, bar + 0.1f * (float) random.nextDouble());
                }
            }
        }
        return TrainingImages.of(shape, pixels, labels, 3);
    }
}
