package dev.cdc.training.experiment;

import java.util.List;

/**
 * Everything one experiment run depends on.
 *
 * @param dataset          data set id ({@code mnist}, {@code fashion-mnist})
 * @param trainImages      training images used (the full set unless quick)
 * @param testImages       raw test images the cloud classifiers are evaluated on
 * @param bits             the widths compared; the first is trained from scratch, the rest fine-tuned from it
 * @param lambda           guidance weight of CDC (the unguided baseline uses 0)
 * @param latentChannels   latent channels of the autoencoder
 * @param width            autoencoder capacity
 * @param guidanceEpochs   epochs of the guidance classifier on raw data
 * @param autoencoderEpochs epochs of each autoencoder trained from scratch
 * @param finetuneEpochs   epochs of each fine-tune to another width
 * @param cloudEpochs      epochs of each cloud classifier
 * @param batchSize        samples per step
 * @param seed             seed of everything
 * @param trainGuidance    whether the guidance classifier keeps learning during CDC training
 */
public record ExperimentConfig(String dataset, int trainImages, int testImages, List<Integer> bits, double lambda,
        int latentChannels, int width, int guidanceEpochs, int autoencoderEpochs, int finetuneEpochs, int cloudEpochs,
        int batchSize, long seed, boolean trainGuidance) {

    public static final List<Integer> DEFAULT_BITS = List.of(2, 1, 3, 4, 8);

    /**
     * The full run on this 2-core machine's budget. Batches of 256 train 1.5x more images per
     * second than 128 on these small models (measured), which pays for the twelve classifiers.
     */
    public static ExperimentConfig full(String dataset) {
        return new ExperimentConfig(dataset, Integer.MAX_VALUE, Integer.MAX_VALUE, DEFAULT_BITS, 0.05, 2, 32, 2, 6, 1, 3,
                256, 1, false);
    }

    /** A few minutes on a subset: for tests and the README's main job. */
    public static ExperimentConfig quick(String dataset) {
        return new ExperimentConfig(dataset, 6000, 2000, DEFAULT_BITS, 0.05, 2, 32, 1, 3, 1, 2, 128, 1, false);
    }

    public int baseBits() {
        return bits.get(0);
    }
}
