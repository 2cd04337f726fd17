package dev.cdc.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Class names as they travel with models: checked, numbered, and matched between a model and data. */
class ClassNamesTest {
    @Test
    void namesAreBoundedPrintableAndDistinct() {
        assertEquals(List.of("0", "1", "2"), ClassNames.numbered(3));
        assertTrue(ClassNames.isNumbered(ClassNames.numbered(300)));
        assertFalse(ClassNames.isNumbered(List.of("cat", "dog")));
        assertEquals(List.of("cat", "dog\\slash"), ClassNames.checked(List.of("cat", "dog\\slash")));
        assertThrows(IllegalArgumentException.class, () -> ClassNames.checked(List.of("only")));
        assertThrows(IllegalArgumentException.class, () -> ClassNames.checked(List.of("cat", "cat")));
        assertThrows(IllegalArgumentException.class, () -> ClassNames.checked(List.of("cat", "")));
        assertThrows(IllegalArgumentException.class, () -> ClassNames.checked(List.of("cat", "x".repeat(201))));
        IllegalArgumentException control = assertThrows(IllegalArgumentException.class,
                () -> ClassNames.checked(List.of("cat", "d\u001b[2Jog")));
        assertFalse(control.getMessage().contains("\u001b"), "the escape is shown, not sent: " + control.getMessage());
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class, () -> ClassNames.numbered(Integer.MAX_VALUE));
        assertTrue(huge.getMessage().contains("65536"), huge.getMessage());
        assertEquals(65536, ClassNames.checked(ClassNames.numbered(65536)).size());
        assertThrows(IllegalArgumentException.class, () -> ClassNames.checked(Collections.nCopies(65537, "x")));
    }

    @Test
    void dataIsLabelledByNameWhereTheModelKnowsTheNamesElseByNumber() {
        List<String> trained = List.of("cat", "dog", "eel");
        assertArrayEquals(new int[] {2, 0}, ClassNames.labelMap(trained, List.of("eel", "cat")), "an edge holding two of three");
        assertArrayEquals(new int[] {3, 7}, ClassNames.labelMap(ClassNames.numbered(10), List.of("3", "7")),
                "a folder of digit classes 3 and 7 under a model of ten digits");
        IllegalArgumentException stranger = assertThrows(IllegalArgumentException.class,
                () -> ClassNames.labelMap(trained, List.of("cat", "fox")));
        assertTrue(stranger.getMessage().contains("'fox'") && stranger.getMessage().contains("[cat, dog, eel]"), stranger.getMessage());

        assertArrayEquals(new int[] {0, 1}, ClassNames.labelMap(trained, ClassNames.numbered(2)), "arrays number their classes");
        assertArrayEquals(new int[] {0, 1, 2}, ClassNames.labelMap(ClassNames.numbered(3), trained), "a model from before names");
        assertThrows(IllegalArgumentException.class, () -> ClassNames.labelMap(ClassNames.numbered(2), trained));
        assertThrows(IllegalArgumentException.class, () -> ClassNames.labelMap(ClassNames.numbered(2), ClassNames.numbered(3)));
        assertThrows(IllegalArgumentException.class, () -> ClassNames.labelMap(trained, ClassNames.numbered(4)));
    }

    @Test
    void relabellingSharesThePixels() {
        ImageSet set = new ImageSet(1, 1, 2, new byte[] {1, 2, 3, 4}, new int[] {0, 1}, List.of("eel", "cat"));
        List<String> trained = List.of("cat", "dog", "eel");
        ImageSet relabelled = set.labelledAs(trained, ClassNames.labelMap(trained, set.classes()));
        assertArrayEquals(new int[] {2, 0}, relabelled.labels());
        assertEquals(trained, relabelled.classes());
        assertSame(set.pixels(), relabelled.pixels());
    }
}
