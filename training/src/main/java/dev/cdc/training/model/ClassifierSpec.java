package dev.cdc.training.model;

import dev.cdc.core.text.Printable;
import java.util.Locale;

/**
 * The shape of a {@link Classifier}: two 3x3 conv-pool stages of {@code width} and
 * {@code 2 * width} channels, a hidden layer, dropout before the logits.
 *
 * @param width          channels of the first conv stage
 * @param hiddenUnits    units of the hidden layer
 * @param dropout        dropout rate before the logits (0: none)
 * @param normalization  what follows each convolution
 * @param head           how the conv features reach the hidden layer
 */
public record ClassifierSpec(int width, int hiddenUnits, double dropout, Normalization normalization, Head head) {

    /** How the conv stages normalise. */
    public enum Normalization {
        /**
         * None. The cloud's default: its classifier learns on decoded images and is used on raw
         * ones, and batch statistics learned on the first are wrong for the second.
         */
        NONE,
        /** Batch norm: running statistics of the training images are used at test time. */
        BATCH,
        /** Group norm (groups of 8 channels): each image normalised on its own. */
        GROUP;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Normalization fromId(String id) {
            for (Normalization n : values()) {
                if (n.id().equals(id.toLowerCase(Locale.ROOT))) {
                    return n;
                }
            }
            throw new IllegalArgumentException("normalisation '" + Printable.of(id) + "' is unknown: expected none, batch or group");
        }
    }

    /** How the last conv stage's features reach the hidden layer. */
    public enum Head {
        /**
         * Every cell of the (H/4) x (W/4) feature map, flattened: keeps where a feature is. The
         * default since the experiment's measurements showed the pooled head losing accuracy.
         */
        FLAT,
        /**
         * An adaptive average pool to 4 x 4 first: the first wave's head, kept so that its saved
         * classifiers and models still load. Pooling 7 x 7 cells into 4 x 4 blurs where features
         * are, which cost 3 to 10 points on Fashion-MNIST (docs/results/classifier.md).
         */
        POOLED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Head fromId(String id) {
            for (Head h : values()) {
                if (h.id().equals(id.toLowerCase(Locale.ROOT))) {
                    return h;
                }
            }
            throw new IllegalArgumentException("classifier head '" + Printable.of(id) + "' is unknown: expected flat or pooled");
        }
    }

    /** Bounds that keep a model file's claims from allocating absurd sizes. */
    public static final int MAX_WIDTH = 512;
    public static final int MAX_HIDDEN = 4096;

    public ClassifierSpec {
        if (width < 1 || width > MAX_WIDTH) {
            throw new IllegalArgumentException("classifier width " + width + " is not valid: expected 1.." + MAX_WIDTH);
        }
        if (hiddenUnits < 1 || hiddenUnits > MAX_HIDDEN) {
            throw new IllegalArgumentException("hidden units " + hiddenUnits + " is not valid: expected 1.." + MAX_HIDDEN);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout " + dropout + " is not valid: expected 0 <= p < 1");
        }
        if (normalization == null || head == null) {
            throw new IllegalArgumentException("a classifier needs a normalisation and a head");
        }
    }

    /** The cloud's classifier: 32/64 channels, 128 hidden units, dropout 0.25, no normalisation, flat head. */
    public static ClassifierSpec cloud() {
        return new ClassifierSpec(32, 128, 0.25, Normalization.NONE, Head.FLAT);
    }

    /**
     * The guidance classifier: narrower (16/32 channels, 64 hidden units), as its forward and
     * backward pass run in every autoencoder step, and without normalisation, since it is
     * trained on raw images and judges decoded ones.
     */
    public static ClassifierSpec guide() {
        return new ClassifierSpec(16, 64, 0.0, Normalization.NONE, Head.FLAT);
    }

    /** The first wave's cloud classifier (pooled head), for files saved before the head was recorded. */
    public static ClassifierSpec legacyCloud(Normalization normalization) {
        return new ClassifierSpec(32, 128, 0.25, normalization, Head.POOLED);
    }

    /** The first wave's guidance classifier, for model files saved before the guide was recorded. */
    public static ClassifierSpec legacyGuide() {
        return new ClassifierSpec(16, 64, 0.0, Normalization.BATCH, Head.POOLED);
    }

    public ClassifierSpec withNormalization(Normalization n) {
        return new ClassifierSpec(width, hiddenUnits, dropout, n, head);
    }

    public ClassifierSpec withHead(Head h) {
        return new ClassifierSpec(width, hiddenUnits, dropout, normalization, h);
    }
}
