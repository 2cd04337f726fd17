package dev.cdc.training.train;

import dev.cdc.training.ComputeDevice;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.distributed.Collective;
import dev.cdc.training.distributed.DistributedException;
import dev.cdc.training.model.Classifier;
import dev.cdc.training.model.TorchSeed;
import java.util.List;

/**
 * Trains a classifier by a {@link ClassifierRecipe}: the guide on raw images, the cloud's
 * classifier on decoded ones, the raw baseline on raw ones. One code path for all of them, so
 * that {@code cdc train-cloud}, {@code cdc train} and the experiment's rows measure the same
 * thing.
 */
public final class ClassifierTraining {
    private ClassifierTraining() {
    }

    /**
     * A new classifier of the recipe's shape, trained on {@code data} on {@code device}. Its
     * weights are drawn on the CPU from {@code seed} and then moved, so every device starts
     * from the same ones.
     */
    public static Classifier train(String name, ClassifierRecipe recipe, TrainingImages data, int classes, long seed,
            ComputeDevice device, Collective collective, List<TrainingListener> listeners) throws DistributedException {
        Classifier classifier = TorchSeed.seeded(seed, () -> new Classifier(recipe.spec(), data.shape(), classes));
        device.move(classifier);
        train(name, classifier, recipe, data, seed, collective, listeners);
        return classifier;
    }

    /** As above on one process. */
    public static Classifier train(String name, ClassifierRecipe recipe, TrainingImages data, int classes, long seed,
            ComputeDevice device, List<TrainingListener> listeners) {
        try {
            return train(name, recipe, data, classes, seed, device, Collective.SINGLE, listeners);
        } catch (DistributedException e) {
            throw new IllegalStateException("a single process has no peers to fail", e);
        }
    }

    /** As above on the CPU. */
    public static Classifier train(String name, ClassifierRecipe recipe, TrainingImages data, int classes, long seed,
            List<TrainingListener> listeners) {
        return train(name, recipe, data, classes, seed, ComputeDevice.CPU, listeners);
    }

    /** Trains {@code classifier} from its current weights, where it is; returns the last epoch's mean metrics. */
    public static Metrics train(String name, Classifier classifier, ClassifierRecipe recipe,
            TrainingImages data, long seed, Collective collective, List<TrainingListener> listeners) throws DistributedException {
        ClassifierTask task = new ClassifierTask(name, classifier, recipe.schedule(data.count()), recipe.augmentation(),
                collective, seed);
        return new Trainer(listeners).fit(task, data, new FitOptions(recipe.epochs(), recipe.batchSize(), seed),
                TrainingPosition.START);
    }
}
