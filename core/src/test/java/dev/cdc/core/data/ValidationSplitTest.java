package dev.cdc.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {
    /** 300 two-pixel images whose pixels spell their index, in three classes of 150, 90 and 60. */
    private static ImageSet images() {
        int n = 300;
        byte[] pixels = new byte[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            pixels[2 * i] = (byte) (i / 256);
            pixels[2 * i + 1] = (byte) i;
            labels[i] = i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2;
        }
        return new ImageSet(1, 1, 2, pixels, labels, List.of("a", "b", "c"));
    }

    private static Set<Integer> indices(ImageSet set) {
        Set<Integer> found = new HashSet<>();
        for (int i = 0; i < set.count(); i++) {
            found.add((set.pixels()[2 * i] & 0xFF) * 256 + (set.pixels()[2 * i + 1] & 0xFF));
        }
        return found;
    }

    @Test
    void holdsOutTheSameShareOfEveryClassDisjointlyAndReproducibly() {
        ImageSet set = images();
        ValidationSplit split = ValidationSplit.of(set, 60, 7);
        assertEquals(60, split.validation().count());
        assertEquals(240, split.train().count());
        int[] perClass = new int[3];
        for (int label : split.validation().labels()) {
            perClass[label]++;
        }
        assertArrayEquals(new int[] {30, 18, 12}, perClass, "a fifth of 150, 90 and 60");
        Set<Integer> seen = indices(split.train());
        for (int index : indices(split.validation())) {
            assertTrue(seen.add(index), "image " + index + " is in both parts");
        }
        assertEquals(300, seen.size(), "every image is in one part");
        ValidationSplit again = ValidationSplit.of(set, 60, 7);
        assertArrayEquals(split.validation().pixels(), again.validation().pixels());
        ValidationSplit other = ValidationSplit.of(set, 60, 8);
        assertTrue(!java.util.Arrays.equals(split.validation().pixels(), other.validation().pixels()), "the seed matters");
    }

    @Test
    void refusesSplitsThatLeaveNothing() {
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.of(images(), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.of(images(), 300, 1));
    }
}
