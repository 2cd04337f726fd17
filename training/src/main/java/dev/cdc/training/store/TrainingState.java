package dev.cdc.training.store;

/**
 * How far the run that saved a model got, for resuming it.
 *
 * @param stage  the stage in progress ({@code guidance}, {@code autoencoder}) or {@code done}
 * @param epoch  next epoch of that stage
 * @param batch  next batch of that epoch
 */
public record TrainingState(String stage, int epoch, int batch) {
    public static final String DONE = "done";

    public boolean done() {
        return DONE.equals(stage);
    }
}
