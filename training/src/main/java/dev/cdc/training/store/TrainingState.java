package dev.cdc.training.store;

/**
 * How far the run that saved a model got, for resuming it.
 *
 * @param stage  the stage in progress, or {@link TrainingStage#DONE}
 * @param epoch  next epoch of that stage
 * @param batch  next batch of that epoch
 */
public record TrainingState(TrainingStage stage, int epoch, int batch) {
    /** A finished model's state. */
    public static final TrainingState FINISHED = new TrainingState(TrainingStage.DONE, 0, 0);

    public TrainingState {
        if (stage == null) {
            throw new IllegalArgumentException("a training state needs a stage");
        }
    }

    /** The start of {@code stage}. */
    public static TrainingState startOf(TrainingStage stage) {
        return new TrainingState(stage, 0, 0);
    }

    public boolean done() {
        return stage == TrainingStage.DONE;
    }
}
