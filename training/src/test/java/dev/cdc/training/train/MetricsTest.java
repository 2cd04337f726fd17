package dev.cdc.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void theLossComesFirstInLogsAndIsNeverANamedMeasurement() {
        Metrics step = Metrics.loss(0.5).with("mse", 0.01).with("guide_accuracy", 0.9);
        assertEquals(List.of("loss", "mse", "guide_accuracy"), List.copyOf(step.asMap().keySet()));
        assertEquals(0.5, step.get("loss"));
        assertTrue(Double.isNaN(step.get("accuracy")), "a measurement this step did not make");
        assertThrows(IllegalArgumentException.class, () -> step.with("loss", 1));
    }

    @Test
    void anEpochsMeansAreOverTheStepsAdded() {
        Metrics.Sum sum = new Metrics.Sum();
        assertSame(Metrics.NONE, sum.mean());
        sum.add(Metrics.loss(1).with("accuracy", 0.5));
        sum.add(Metrics.loss(3).with("accuracy", 1.0));
        Metrics mean = sum.mean();
        assertEquals(2.0, mean.loss());
        assertEquals(0.75, mean.get("accuracy"));
    }
}
