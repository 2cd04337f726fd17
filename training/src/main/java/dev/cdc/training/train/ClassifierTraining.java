package dev.cdc.training.train;

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

    /** A new classifier of the recipe's shape (weights seeded by {@code seed}), trained on {@code data}. */
    public static Classifier train(String name, ClassifierRecipe recipe, TrainingImages data, int classes, long seed,
            Collective collective, List<TrainingListener> listeners) throws DistributedException {
        Classifier classifier = TorchSeed.seeded(seed, () -> new Classifier(recipe.spec(), data.shape(), classes));
        train(name, classifier, recipe, data, seed, collective, listeners);
        return classifier;
    }

    /** As above on one process. */
    public static Classifier train(String name, ClassifierRecipe recipe, TrainingImages data, int classes, long seed,
            List<TrainingListener> listeners) {
        try {
            return train(name, recipe, data, classes, seed, Collective.SINGLE, listeners);
        } catch (DistributedException e) {
            throw new IllegalStateException("a single process has no peers to fail", e);
        }
    }

    /** Trains {@code classifier} from its current weights; returns the last epoch's mean metrics. */
    public static Metrics train(String name, Classifier classifier, ClassifierRecipe recipe,
            TrainingImages data, long seed, Collective collective, List<TrainingListener> listeners) throws DistributedException {
        ClassifierTask task = new ClassifierTask(name, classifier, recipe.schedule(data.count()), recipe.augmentation(),
                collective, seed);
        return new Trainer(listeners).fit(task, data, new FitOptions(recipe.epochs(), recipe.batchSize(), seed),
                TrainingPosition.START);
    }
}
