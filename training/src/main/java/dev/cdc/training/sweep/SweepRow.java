package dev.cdc.training.sweep;

import dev.cdc.training.experiment.Accuracy;

/**
 * One combination of the sweep, judged on the validation split.
 *
 * @param guidance        {@code none}, {@code ce}, {@code distill} or {@code features}
 * @param lambda          its weight
 * @param temperature     distillation's temperature
 * @param latentChannels  latent channels
 * @param bits            k
 * @param bytesPerImage   bytes per image of the training part's real shard
 * @param ratio           raw bytes over {@code bytesPerImage}
 * @param raw             (R): the cloud classifier on the raw validation images
 * @param codec           (C): on the validation images through this combination's codec
 * @param guideAccuracy   the guide's accuracy on the decoded validation images (how much of what it saw survived)
 * @param seconds         wall time of the combination, all seeds
 */
public record SweepRow(String guidance, double lambda, double temperature, int latentChannels, int bits,
        double bytesPerImage, double ratio, Accuracy raw, Accuracy codec, Accuracy guideAccuracy, double seconds) {
}
