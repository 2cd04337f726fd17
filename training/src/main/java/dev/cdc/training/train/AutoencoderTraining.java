package dev.cdc.training.train;

import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import java.util.List;

/**
 * An autoencoder trained in one {@link Trainer} run with the given listeners, the counterpart of
 * {@link ClassifierTraining}; {@code cdc train} adds stages and checkpoints around it
 * ({@code job.ModelTrainingJob}).
 */
public final class AutoencoderTraining {
    /** Adam's rate at the start of training from scratch; it decays along a cosine to zero. */
    public static final double LEARNING_RATE = 2e-3;
    /** The same for a fine-tune to another k, which starts from trained weights. */
    public static final double FINETUNE_LEARNING_RATE = 5e-4;

    private AutoencoderTraining() {
    }

    /**
     * Trains (or fine-tunes) an autoencoder with the rate decaying along a cosine to zero;
     * {@link Guidance#none()} is the unguided baseline.
     */
    public static Metrics train(CdcModel model, TrainingImages data, Guidance guidance, boolean trainGuidance,
            double learningRate, FitOptions options, List<TrainingListener> listeners) {
        return train(model, data, guidance, trainGuidance, 0, learningRate, options, listeners);
    }

    /** As above, with the {@link RateTerm} weighted by {@code rateWeight} in the loss (0: none). */
    public static Metrics train(CdcModel model, TrainingImages data, Guidance guidance, boolean trainGuidance, double rateWeight,
            double learningRate, FitOptions options, List<TrainingListener> listeners) {
        long steps = (long) options.epochs() * ((data.count() + options.batchSize() - 1) / options.batchSize());
        AutoencoderTask task = new AutoencoderTask(model, guidance, trainGuidance, LearningRateSchedule.cosine(learningRate, steps),
                rateWeight);
        return new Trainer(listeners).fit(task, data, options, TrainingPosition.START);
    }
}
