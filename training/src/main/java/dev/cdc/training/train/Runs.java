package dev.cdc.training.train;

import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import java.util.List;
import java.util.Map;

/** An autoencoder's training as one {@link Trainer} run with the given listeners. */
public final class Runs {
    public static final double AUTOENCODER_LEARNING_RATE = 2e-3;
    public static final double FINETUNE_LEARNING_RATE = 5e-4;

    private Runs() {
    }

    /**
     * Trains (or fine-tunes) an autoencoder with the rate decaying along a cosine to zero;
     * {@link Guidance#none()} is the unguided baseline.
     */
    public static Map<String, Double> autoencoder(CdcModel model, TrainingImages data, Guidance guidance, boolean trainGuidance,
            double learningRate, FitOptions options, List<TrainingListener> listeners) {
        long steps = (long) options.epochs() * ((data.count() + options.batchSize() - 1) / options.batchSize());
        AutoencoderTask task = new AutoencoderTask(model, guidance, trainGuidance, LearningRateSchedule.cosine(learningRate, steps));
        return new Trainer(listeners).fit(task, data, options, TrainingPosition.START);
    }
}
