package dev.cdc.training.train;


/**
 * Observes a run: logging, progress, checkpoints are each one listener, and the {@link Trainer}
 * knows none of them.
 */
public interface TrainingListener {

    /** After each step; {@code next} is the position a resume would start from. */
    record StepEvent(String task, int epoch, int epochs, int batch, int batchesPerEpoch, long globalStep,
            Metrics metrics, TrainingPosition next) {
    }

    /** After each epoch, with the epoch's mean metrics. */
    record EpochEvent(String task, int epoch, int epochs, Metrics meanMetrics, double seconds,
            TrainingPosition next) {
    }

    default void onStart(String task, int epochs, int batchesPerEpoch, TrainingPosition from) {
    }

    default void onStep(StepEvent event) {
    }

    default void onEpochEnd(EpochEvent event) {
    }

    default void onEnd(String task) {
    }
}
