package dev.cdc.training.train;

import dev.cdc.training.data.Augmentation;
import dev.cdc.training.model.ClassifierSpec;

/**
 * How a classifier is built and trained: its shape, the length of the run, the optimiser's
 * rate and schedule, and the augmentation. The defaults are what the measurements in
 * {@code docs/results/classifier.md} chose.
 *
 * @param spec          the classifier's shape
 * @param epochs        passes over the training images
 * @param batchSize     images per step
 * @param learningRate  Adam's rate at the first step
 * @param cosine        whether the rate decays to zero over the run along a half cosine
 * @param augmentation  random shifts and mirrors of the training images
 */
public record ClassifierRecipe(ClassifierSpec spec, int epochs, int batchSize, double learningRate, boolean cosine,
        Augmentation augmentation) {

    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final int DEFAULT_BATCH = 128;
    /** Epochs of the cloud classifier: where the validation accuracy stopped rising (classifier.md). */
    public static final int CLOUD_EPOCHS = 8;
    /**
     * Epochs of the guide on raw images: its plateau. On a Fashion-MNIST validation split its last
     * five of 16 epochs stayed within half a point (87.7 to 88.2%), where 8 epochs ended at 85.8%
     * (docs/results/ablation.md).
     */
    public static final int GUIDE_EPOCHS = 16;

    public ClassifierRecipe {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs " + epochs + " is not valid: expected 0 or more");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + " is not valid: expected at least 1");
        }
    }

    /** The cloud classifier's recipe. */
    public static ClassifierRecipe cloud(Augmentation augmentation) {
        return new ClassifierRecipe(ClassifierSpec.cloud(), CLOUD_EPOCHS, DEFAULT_BATCH, DEFAULT_LEARNING_RATE, true, augmentation);
    }

    /** The guide's recipe, trained on raw images. */
    public static ClassifierRecipe guide(Augmentation augmentation) {
        return new ClassifierRecipe(ClassifierSpec.guide(), GUIDE_EPOCHS, DEFAULT_BATCH, DEFAULT_LEARNING_RATE, true, augmentation);
    }

    public ClassifierRecipe withEpochs(int e) {
        return new ClassifierRecipe(spec, e, batchSize, learningRate, cosine, augmentation);
    }

    public ClassifierRecipe withBatchSize(int b) {
        return new ClassifierRecipe(spec, epochs, b, learningRate, cosine, augmentation);
    }

    public ClassifierRecipe withSpec(ClassifierSpec s) {
        return new ClassifierRecipe(s, epochs, batchSize, learningRate, cosine, augmentation);
    }

    public ClassifierRecipe withAugmentation(Augmentation a) {
        return new ClassifierRecipe(spec, epochs, batchSize, learningRate, cosine, a);
    }

    public ClassifierRecipe withCosine(boolean c) {
        return new ClassifierRecipe(spec, epochs, batchSize, learningRate, c, augmentation);
    }

    /** The schedule of a run over {@code images} training images. */
    public LearningRateSchedule schedule(int images) {
        long steps = (long) epochs * ((images + batchSize - 1) / batchSize);
        return cosine ? LearningRateSchedule.cosine(learningRate, steps) : LearningRateSchedule.constant(learningRate);
    }
}
