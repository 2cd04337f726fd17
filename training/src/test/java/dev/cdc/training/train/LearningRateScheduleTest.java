package dev.cdc.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cdc.training.model.Classifier;
import dev.cdc.training.model.ClassifierSpec;
import dev.cdc.training.model.ImageShape;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    @Test
    void cosineFallsFromTheBaseToZeroThroughHalfway() {
        LearningRateSchedule cosine = LearningRateSchedule.cosine(1e-3, 100);
        assertEquals(1e-3, cosine.at(0), 1e-15);
        assertEquals(0.5e-3, cosine.at(50), 1e-15);
        assertEquals(0, cosine.at(100), 1e-15);
        assertEquals(0, cosine.at(150), 1e-15, "past the end it stays at zero");
        assertEquals(2e-3, LearningRateSchedule.constant(2e-3).at(12345), 0);
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(Double.NaN));
    }

    @Test
    void applySetsTheOptimizersRate() {
        Classifier classifier = new Classifier(ClassifierSpec.guide(), new ImageShape(1, 8, 8), 2);
        Adam adam = new Adam(classifier.parameters(), new AdamOptions(1e-3));
        LearningRateSchedule.cosine(1e-3, 10).apply(adam, 5);
        assertEquals(0.5e-3, adam.param_groups().get(0).options().get_lr(), 1e-12);
    }
}
