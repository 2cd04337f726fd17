package dev.cdc.training.sweep;

import dev.cdc.training.train.ClassifierRecipe;
import dev.cdc.training.train.Guidance;
import java.util.List;

/**
 * An ablation: every combination of latent channels, k and guidance, each trained from scratch
 * on a training subset and judged on a validation split held out of it (never the test set).
 *
 * @param dataset            data set id
 * @param trainImages        images taken from the start of the training set, validation included
 * @param validationImages   of those, held out (stratified, seeded by the first seed) to judge on
 * @param latentChannels     latent channels compared
 * @param bits               widths compared, each trained from scratch
 * @param guidances          guidance variants compared ({@link Guidance#none()} is the unguided baseline)
 * @param guideRecipe        how the guide is trained on the training part's raw images
 * @param cloudRecipe        how each combination's cloud classifier is trained
 * @param autoencoderEpochs  epochs of each autoencoder
 * @param batchSize          images per autoencoder step
 * @param seeds              each combination runs once per seed (autoencoder and classifier)
 */
public record SweepConfig(String dataset, int trainImages, int validationImages, List<Integer> latentChannels,
        List<Integer> bits, List<Guidance> guidances, ClassifierRecipe guideRecipe, ClassifierRecipe cloudRecipe,
        int autoencoderEpochs, int batchSize, List<Long> seeds) {

    public SweepConfig {
        latentChannels = List.copyOf(latentChannels);
        bits = List.copyOf(bits);
        guidances = List.copyOf(guidances);
        seeds = List.copyOf(seeds);
        if (latentChannels.isEmpty() || bits.isEmpty() || guidances.isEmpty() || seeds.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one latent, k, guidance and seed");
        }
    }
}
