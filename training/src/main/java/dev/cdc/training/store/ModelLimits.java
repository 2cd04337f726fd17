package dev.cdc.training.store;

import dev.cdc.core.data.ClassNames;
import dev.cdc.core.modelfile.ModelFormatException;
import dev.cdc.training.model.ClassifierSpec;
import dev.cdc.training.model.ImageShape;
import dev.cdc.training.model.ModelConfig;
import java.nio.file.Path;

/**
 * What a model file may describe, checked before anything is allocated for it: every model cdc
 * writes fits with room to spare, and a file that claims more (a hostile or damaged
 * {@code model.json}) is refused in one line instead of allocating tens of gigabytes. The limits
 * are documented in docs/model-files.md.
 */
final class ModelLimits {
    /** Image sides up to 4096 pixels, up to 4 channels. */
    static final int MAX_SIDE = 4096;
    static final int MAX_CHANNELS = 4;
    /** Autoencoder width (its widest convolution's channels). */
    static final int MAX_WIDTH = 1024;
    /** Labels travel in at most 16 bits. */
    static final int MAX_CLASSES = ClassNames.MAX_CLASSES;
    /** 2^27 floats: 512 MiB of weights. The default models have about 0.1 million. */
    static final long MAX_PARAMETERS = 1L << 27;

    private ModelLimits() {
    }

    static void checkShape(Path file, ImageShape shape, int classes) throws ModelFormatException {
        if (shape.channels() > MAX_CHANNELS || shape.height() > MAX_SIDE || shape.width() > MAX_SIDE) {
            throw new ModelFormatException(file, "model.json describes " + shape + " images: cdc models take at most "
                    + MAX_CHANNELS + " channels of " + MAX_SIDE + " x " + MAX_SIDE + " pixels");
        }
        if (classes < 2 || classes > MAX_CLASSES) {
            throw new ModelFormatException(file, "model.json describes " + classes + " classes: expected 2.." + MAX_CLASSES);
        }
    }

    static void checkAutoencoder(Path file, ModelConfig config, ClassifierSpec guide) throws ModelFormatException {
        checkShape(file, config.shape(), config.classes());
        if (config.width() > MAX_WIDTH) {
            throw new ModelFormatException(file, "model.json describes width " + config.width() + ": expected at most " + MAX_WIDTH);
        }
        long c = config.shape().channels();
        long w = config.width();
        long latent = config.latentChannels();
        long encoder = c * (w / 2) * 9 + (w / 2) * w * 16 + w * w * 16 + w * latent;
        long decoder = latent * w * 9 + w * w * 16 + w * (w / 2) * 16 + (w / 2) * c * 9;
        checkParameters(file, encoder + decoder + classifierParameters(guide, config.shape(), config.classes()));
    }

    static void checkClassifier(Path file, ClassifierSpec spec, ImageShape shape, int classes) throws ModelFormatException {
        checkShape(file, shape, classes);
        checkParameters(file, classifierParameters(spec, shape, classes));
    }

    private static long classifierParameters(ClassifierSpec spec, ImageShape shape, int classes) {
        long w = spec.width();
        long cells = spec.head() == ClassifierSpec.Head.POOLED ? 16 : (long) (shape.height() / 4) * (shape.width() / 4);
        return shape.channels() * w * 9 + w * 2 * w * 9 + 2 * w * cells * spec.hiddenUnits()
                + (long) spec.hiddenUnits() * classes;
    }

    private static void checkParameters(Path file, long parameters) throws ModelFormatException {
        if (parameters > MAX_PARAMETERS) {
            throw new ModelFormatException(file, "model.json describes a model of about " + parameters + " parameters: cdc"
                    + " loads at most " + MAX_PARAMETERS + " (this is not a model cdc wrote)");
        }
    }
}
