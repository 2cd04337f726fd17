package dev.cdc.training.experiment;

import dev.cdc.core.data.KnownDataset;
import dev.cdc.training.data.Augmentation;
import dev.cdc.training.train.ClassifierRecipe;
import dev.cdc.training.train.Guidance;
import dev.cdc.training.train.RateTerm;
import dev.cdc.training.train.TrainingDefaults;
import java.util.List;

/**
 * Everything one experiment run depends on.
 *
 * @param dataset           data set label ({@code mnist}, {@code fashion-mnist}, or the user's folder's name)
 * @param trainImages       training images used (the full set unless quick)
 * @param testImages        test images the cloud classifiers are evaluated on
 * @param bits              the widths compared; the first is trained from scratch, the rest fine-tuned from it
 * @param guidance          CDC's guidance (the unguided baseline has none)
 * @param latentChannels    latent channels of the autoencoder
 * @param width             autoencoder capacity
 * @param guideRecipe       how the guide is trained on raw images
 * @param cloudRecipe       how every row's cloud classifier is trained
 * @param autoencoderEpochs epochs of each autoencoder trained from scratch
 * @param finetuneEpochs    epochs of each fine-tune to another width
 * @param batchSize         samples per autoencoder step
 * @param seeds             the raw row and both methods' base-width rows run once per seed (the
 *                          whole row: autoencoder and cloud classifier); the others with the first
 * @param trainGuidance     whether the guidance classifier keeps learning during CDC training
 * @param compareScratch    whether one fine-tuned width is also trained from scratch, to compare
 * @param rateWeight        the rate term's weight in every autoencoder's loss (0: none)
 */
public record ExperimentConfig(String dataset, int trainImages, int testImages, List<Integer> bits, Guidance guidance,
        int latentChannels, int width, ClassifierRecipe guideRecipe, ClassifierRecipe cloudRecipe, int autoencoderEpochs,
        int finetuneEpochs, int batchSize, List<Long> seeds, boolean trainGuidance, boolean compareScratch, double rateWeight) {

    /** The base width (trained from scratch) first, then the fine-tuned ones. */
    public static final List<Integer> DEFAULT_BITS = List.of(2, 1, 4, 8);
    public static final List<Long> DEFAULT_SEEDS = List.of(1L, 2L, 3L);

    public ExperimentConfig {
        bits = List.copyOf(bits);
        seeds = List.copyOf(seeds);
        if (bits.isEmpty() || seeds.isEmpty()) {
            throw new IllegalArgumentException("an experiment needs at least one k and one seed");
        }
        RateTerm.checkedWeight(rateWeight);
    }

    /** Guide epochs on a full training set: 3,750 steps, twice the 16 epochs on 15,000 images where it plateaued. */
    public static final int FULL_GUIDE_EPOCHS = 8;
    /** Cloud classifier epochs on a full training set: 2,800 steps, three times the sweeps' 8 epochs on 15,000. */
    public static final int FULL_CLOUD_EPOCHS = 6;
    /**
     * Autoencoder epochs on a full training set: 1,400 steps, twice the sweeps' 6 epochs on
     * 15,000. These three were cut from 16, 4 and 8 toward the hour a data set may take on 2
     * cores; 16 cloud classifiers, 6 autoencoders and 6 fine-tunes still took about 84 minutes
     * of both cores on Fashion-MNIST (docs/results/experiment.md).
     */
    public static final int FULL_AUTOENCODER_EPOCHS = 3;

    /** The full run on a packaged data set. */
    public static ExperimentConfig full(String dataset) {
        return full(dataset, KnownDataset.fromId(dataset));
    }

    /**
     * The full run: every row the targets are judged on, 3 seeds where they are decided;
     * {@code packaged} null for the user's own data, named {@code dataset}.
     */
    public static ExperimentConfig full(String dataset, KnownDataset packaged) {
        Augmentation augmentation = TrainingDefaults.augmentation(packaged);
        return new ExperimentConfig(dataset, Integer.MAX_VALUE, Integer.MAX_VALUE, DEFAULT_BITS,
                TrainingDefaults.guidance(packaged), TrainingDefaults.latentChannels(packaged), 32,
                ClassifierRecipe.guide(augmentation).withEpochs(FULL_GUIDE_EPOCHS),
                ClassifierRecipe.cloud(augmentation).withEpochs(FULL_CLOUD_EPOCHS), FULL_AUTOENCODER_EPOCHS,
                TrainingDefaults.FINETUNE_EPOCHS, 128, DEFAULT_SEEDS, false, false, 0);
    }

    /** The quick run on a packaged data set. */
    public static ExperimentConfig quick(String dataset) {
        return quick(dataset, KnownDataset.fromId(dataset));
    }

    /** Minutes on a subset, one seed: for tests and the README's main job; {@code packaged} as for {@link #full}. */
    public static ExperimentConfig quick(String dataset, KnownDataset packaged) {
        Augmentation augmentation = TrainingDefaults.augmentation(packaged);
        return new ExperimentConfig(dataset, 6000, 2000, DEFAULT_BITS, TrainingDefaults.guidance(packaged),
                TrainingDefaults.latentChannels(packaged), 32, ClassifierRecipe.guide(augmentation).withEpochs(8),
                ClassifierRecipe.cloud(augmentation).withEpochs(5), 6, 1, 128, List.of(1L), false, false, 0);
    }

    public int baseBits() {
        return bits.get(0);
    }

    public long firstSeed() {
        return seeds.get(0);
    }
}
