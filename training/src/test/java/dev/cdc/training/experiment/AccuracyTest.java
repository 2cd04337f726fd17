package dev.cdc.training.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccuracyTest {
    @Test
    void meanAndSampleStandardDeviation() {
        Accuracy a = Accuracy.of(List.of(0.90, 0.92, 0.94));
        assertEquals(0.92, a.mean(), 1e-12);
        assertEquals(0.02, a.std(), 1e-12);
        assertEquals("92.00 ± 2.00% (3)", a.format());
        assertEquals("91.50%", Accuracy.single(0.915).format());
        assertEquals(0, Accuracy.single(0.5).std());
        assertThrows(IllegalArgumentException.class, () -> Accuracy.of(List.of()));
    }
}
