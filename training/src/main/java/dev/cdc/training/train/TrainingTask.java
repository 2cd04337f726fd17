package dev.cdc.training.train;

import dev.cdc.training.data.TrainingImages;

/** What one kind of training does in one step; the {@link Trainer} owns the loop around it. */
public interface TrainingTask {

    /** Shown in progress and logs, e.g. {@code autoencoder k=2 lambda=0.1}. */
    String name();

    /** Puts the trained modules in training or evaluation mode. */
    void setTraining(boolean training);

    /**
     * One optimisation step on the batch of records {@code order[start..end)}, the
     * {@code step}-th of the run, inside the caller's {@code PointerScope}. A data-parallel task
     * trains on its process's share of the batch.
     *
     * @return what this step measured
     */
    Metrics step(TrainingImages data, int[] order, int start, int end, long step);
}
