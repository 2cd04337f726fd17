package dev.cdc.training.train;

import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.Classifier;
import java.util.List;
import java.util.Map;

/** The three kinds of training, each a {@link Trainer} run with the given listeners. */
public final class Runs {
    public static final double CLASSIFIER_LEARNING_RATE = 1e-3;
    public static final double AUTOENCODER_LEARNING_RATE = 2e-3;
    public static final double FINETUNE_LEARNING_RATE = 5e-4;

    private Runs() {
    }

    /** Trains a classifier from its current weights; returns the last epoch's mean metrics. */
    public static Map<String, Double> classifier(Classifier classifier, String name, TrainingImages data, FitOptions options,
            List<TrainingListener> listeners) {
        ClassifierTask task = new ClassifierTask(name, classifier, CLASSIFIER_LEARNING_RATE);
        return new Trainer(listeners).fit(task, data, options, TrainingPosition.START);
    }

    /** Trains (or fine-tunes) an autoencoder; lambda = 0 is the unguided baseline. */
    public static Map<String, Double> autoencoder(CdcModel model, TrainingImages data, double lambda, boolean trainGuidance,
            double learningRate, FitOptions options, List<TrainingListener> listeners) {
        AutoencoderTask task = new AutoencoderTask(model, lambda, trainGuidance, learningRate);
        return new Trainer(listeners).fit(task, data, options, TrainingPosition.START);
    }
}
