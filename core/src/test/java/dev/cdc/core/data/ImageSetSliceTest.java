package dev.cdc.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageSetSliceTest {
    private final ImageSet set = new ImageSet(1, 1, 2, new byte[] {0, 1, 2, 3, 4, 5, 6, 7}, new int[] {0, 1, 2, 3},
            List.of("a", "b", "c", "d"));

    @Test
    void sliceKeepsPixelsAndLabelsTogether() {
        ImageSet middle = set.slice(1, 2);
        assertArrayEquals(new byte[] {2, 3, 4, 5}, middle.pixels());
        assertArrayEquals(new int[] {1, 2}, middle.labels());
        assertEquals(1, set.slice(3, 10).count(), "runs to the end at most");
        assertEquals(2, set.head(2).count());
        assertThrows(IllegalArgumentException.class, () -> set.slice(5, 1));
    }
}
