package dev.cdc.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.training.data.Augmentation;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.Classifier;
import dev.cdc.training.model.ImageShape;
import dev.cdc.training.model.ModelConfig;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each guidance loss trains: finite, falling, and the guide frozen unless asked. */
class AutoencoderGuidanceTest {
    /** {@code count} 1x12x12 images: class c is a bright bar in row band c of 3, plus noise. */
    static TrainingImages bars(int count, long seed) {
        ImageShape shape = new ImageShape(1, 12, 12);
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[count * shape.pixels()];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 3;
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 12; x++) {
                    float bar = y / 4 == labels[i] ? 0.8f : 0.1f;
                    pixels[i * shape.pixels() + y * 12 + x] = Math.min(1f, bar + 0.1f * (float) random.nextDouble());
                }
            }
        }
        return TrainingImages.of(shape, pixels, labels, 3);
    }

    @Test
    void everyGuidanceLossTrainsTheAutoencoder() {
        TrainingImages data = bars(96, 1);
        Classifier guide = ClassifierTraining.train("guide", ClassifierRecipe.guide(Augmentation.NONE).withEpochs(4)
                .withBatchSize(16), data, 3, 1, List.of());
        for (Guidance guidance : List.of(Guidance.of(Guidance.Kind.CE, 0.1), Guidance.of(Guidance.Kind.DISTILL, 0.1),
                Guidance.of(Guidance.Kind.FEATURES, 0.5))) {
            CdcModel model = CdcModel.create(new ModelConfig(data.shape(), 3, 2, 8, 2), guide.spec(), 2);
            CdcModel.copyParameters(guide, model.guidance());
            double guideBefore = model.guidance().parameters().get(0).sum().item_double();
            Metrics first = AutoencoderTraining.train(model, data, guidance, false, AutoencoderTraining.LEARNING_RATE,
                    new FitOptions(1, 16, 3), List.of());
            Metrics last = AutoencoderTraining.train(model, data, guidance, false, AutoencoderTraining.LEARNING_RATE,
                    new FitOptions(6, 16, 3), List.of());
            assertTrue(Double.isFinite(last.loss()) && Double.isFinite(last.get("guidance_loss")), guidance + ": " + last);
            assertTrue(last.loss() < first.loss(), guidance + " should fall: " + first + " then " + last);
            assertEquals(guideBefore, model.guidance().parameters().get(0).sum().item_double(), 0, guidance + " moved the guide");
        }
    }

    @Test
    void aLearningGuideWorksWithCrossEntropyOnly() {
        CdcModel model = CdcModel.create(new ModelConfig(new ImageShape(1, 12, 12), 3, 2, 8, 2), 2);
        assertThrows(IllegalArgumentException.class, () -> new AutoencoderTask(model, Guidance.of(Guidance.Kind.DISTILL, 0.1),
                true, LearningRateSchedule.constant(1e-3)));
    }
}
