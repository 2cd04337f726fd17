package dev.cdc.training.train;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Saves a checkpoint every so many steps and at the end of every epoch. */
public final class CheckpointListener implements TrainingListener {

    /** Writes the current state, to resume at {@code next}. */
    @FunctionalInterface
    public interface Checkpointer {
        void save(String task, TrainingPosition next) throws IOException;
    }

    private final Checkpointer checkpointer;
    private final int everySteps;

    /** @param everySteps steps between checkpoints inside an epoch; 0 for epoch ends only */
    public CheckpointListener(Checkpointer checkpointer, int everySteps) {
        this.checkpointer = checkpointer;
        this.everySteps = everySteps;
    }

    @Override
    public void onStep(StepEvent event) {
        boolean lastOfEpoch = event.batch() + 1 == event.batchesPerEpoch();
        if (everySteps > 0 && event.globalStep() % everySteps == 0 && !lastOfEpoch) {
            save(event.task(), event.next());
        }
    }

    @Override
    public void onEpochEnd(EpochEvent event) {
        save(event.task(), event.next());
    }

    private void save(String task, TrainingPosition next) {
        try {
            checkpointer.save(task, next);
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint failed: " + e.getMessage(), e);
        }
    }
}
