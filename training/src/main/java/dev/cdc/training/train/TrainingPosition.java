package dev.cdc.training.train;

/**
 * Where a run stands: the next batch to train. Saved in checkpoints, so a resumed run starts
 * exactly there.
 *
 * @param epoch zero-based epoch
 * @param batch zero-based batch within the epoch
 */
public record TrainingPosition(int epoch, int batch) {
    public static final TrainingPosition START = new TrainingPosition(0, 0);
}
