package dev.cdc.training.train;

import dev.cdc.training.data.Shuffle;
import dev.cdc.training.data.TrainingImages;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;

/**
 * The training loop: seeded epoch orders, one {@link PointerScope} per step (so every tensor a
 * step makes is freed when it ends; modules and optimizers live outside), listeners told of
 * every step and epoch. Starting from a saved {@link TrainingPosition} resumes exactly.
 */
public final class Trainer {
    private final List<TrainingListener> listeners;

    public Trainer(List<TrainingListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** Mean metrics of the last epoch trained ({@link Metrics#NONE} when nothing was left to train). */
    public Metrics fit(TrainingTask task, TrainingImages data, FitOptions options, TrainingPosition from) {
        int batches = (data.count() + options.batchSize() - 1) / options.batchSize();
        listeners.forEach(l -> l.onStart(task.name(), options.epochs(), batches, from));
        task.setTraining(true);
        Metrics last = Metrics.NONE;
        long globalStep = (long) from.epoch() * batches + from.batch();
        for (int epoch = from.epoch(); epoch < options.epochs(); epoch++) {
            long started = System.nanoTime();
            int[] order = Shuffle.order(data.count(), options.seed(), epoch);
            Metrics.Sum sum = new Metrics.Sum();
            int first = epoch == from.epoch() ? from.batch() : 0;
            for (int b = first; b < batches; b++) {
                Metrics metrics;
                try (PointerScope scope = new PointerScope()) {
                    int start = b * options.batchSize();
                    metrics = task.step(data, order, start, Math.min(start + options.batchSize(), data.count()), globalStep);
                }
                sum.add(metrics);
                globalStep++;
                TrainingPosition next = b + 1 < batches ? new TrainingPosition(epoch, b + 1) : new TrainingPosition(epoch + 1, 0);
                TrainingListener.StepEvent event = new TrainingListener.StepEvent(task.name(), epoch, options.epochs(), b,
                        batches, globalStep, metrics, next);
                listeners.forEach(l -> l.onStep(event));
            }
            last = sum.mean();
            double seconds = (System.nanoTime() - started) / 1e9;
            TrainingListener.EpochEvent event = new TrainingListener.EpochEvent(task.name(), epoch, options.epochs(), last,
                    seconds, new TrainingPosition(epoch + 1, 0));
            listeners.forEach(l -> l.onEpochEnd(event));
        }
        task.setTraining(false);
        listeners.forEach(l -> l.onEnd(task.name()));
        return last;
    }
}
