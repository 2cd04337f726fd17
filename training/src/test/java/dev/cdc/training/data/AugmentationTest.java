package dev.cdc.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.training.model.ImageShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    private static final ImageShape SHAPE = new ImageShape(1, 4, 4);

    private static float[] ramp() {
        float[] image = new float[16];
        for (int i = 0; i < 16; i++) {
            image[i] = i + 1;
        }
        return image;
    }

    @Test
    void noneLeavesTheImageAlone() {
        float[] image = ramp();
        Augmentation.NONE.apply(image, 0, SHAPE, new SplittableRandom(1));
        assertArrayEquals(ramp(), image);
    }

    @Test
    void shiftsFillWithZerosAndMirrorsFlipRows() {
        for (long seed = 0; seed < 50; seed++) {
            float[] image = ramp();
            new Augmentation(1, true).apply(image, 0, SHAPE, new SplittableRandom(seed));
            // Whatever was drawn, every kept pixel is an original one, and at most one row and one column were lost.
            int zeros = 0;
            for (float v : image) {
                zeros += v == 0 ? 1 : 0;
                assertTrue(v >= 0 && v <= 16);
            }
            assertTrue(zeros <= 7, "a shift of at most 1 loses at most one row and one column: " + zeros);
        }
        float[] image = ramp();
        // Find a seed that mirrors without shifting: the draw order is dy, dx, mirror.
        for (long seed = 0; ; seed++) {
            SplittableRandom probe = new SplittableRandom(seed);
            int dy = probe.nextInt(3) - 1;
            int dx = probe.nextInt(3) - 1;
            if (dy == 0 && dx == 0 && probe.nextBoolean()) {
                new Augmentation(1, true).apply(image, 0, SHAPE, new SplittableRandom(seed));
                break;
            }
        }
        assertArrayEquals(new float[] {4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9, 16, 15, 14, 13}, image);
    }

    @Test
    void theSameGeneratorGivesTheSameImage() {
        float[] a = ramp();
        float[] b = ramp();
        new Augmentation(2, true).apply(a, 0, SHAPE, new SplittableRandom(9));
        new Augmentation(2, true).apply(b, 0, SHAPE, new SplittableRandom(9));
        assertArrayEquals(a, b);
        assertEquals(0, new Augmentation(0, false).maxShift());
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(-1, false));
    }
}
