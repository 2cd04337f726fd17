package dev.cdc.training.train;

import dev.cdc.core.text.Printable;
import java.util.Locale;

/**
 * What the guidance classifier asks of the autoencoder's decoded images, and how much.
 *
 * @param kind         the guidance loss
 * @param lambda       its weight against the reconstruction loss; 0 is the unguided baseline
 * @param temperature  the softening of {@link Kind#DISTILL}'s distributions (ignored by the others)
 */
public record Guidance(Kind kind, double lambda, double temperature) {

    /** The guidance losses, each on the guide's view of the decoded image. */
    public enum Kind {
        /** Cross-entropy of the guide's prediction on the decoded image against the label (the paper's). */
        CE,
        /**
         * Distillation: the KL divergence from the guide's softened output on the raw image to its
         * output on the decoded image, at temperature T, times T squared. Asks the decoded image
         * to look to the guide as the raw one did, wrong answers and runner-ups included.
         */
        DISTILL,
        /**
         * Feature matching: the mean squared difference of the guide's hidden-layer activations
         * on the decoded and on the raw image. Asks for what the guide sees, not only its verdict.
         */
        FEATURES,
        /**
         * Both cross-entropy and feature matching, each weighted by lambda: the verdict the
         * cloud's classifier should reach on decoded images (protocol C) and the look of raw ones
         * it should generalise to (protocol R).
         */
        CE_FEATURES;

        /** {@code ce}, {@code distill}, {@code features}, {@code ce+features}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '+');
        }

        public static Kind fromId(String id) {
            for (Kind k : values()) {
                if (k.id().equals(id.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("guidance '" + Printable.of(id) + "' is unknown: expected ce, distill, features or"
                    + " ce+features");
        }
    }

    public static final double DEFAULT_TEMPERATURE = 4;

    public Guidance {
        if (kind == null) {
            throw new IllegalArgumentException("a guidance needs a kind");
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda " + lambda + " is not valid: expected 0 or more");
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature " + temperature + " is not valid: expected a positive number");
        }
    }

    /** No guidance: the unguided autoencoder. */
    /**
     * How a model was guided, from the training settings its provenance records. Models from
     * before the choice existed were guided by cross-entropy, and their settings have the weight
     * alone; a missing weight or temperature is the kind's default.
     *
     * @throws IllegalArgumentException when the settings name an unknown kind or an invalid value
     */
    public static Guidance fromSettings(java.util.Map<String, Object> settings) {
        Kind kind = Kind.fromId(String.valueOf(settings.getOrDefault("guidance", "ce")));
        double lambda = settings.get("lambda") instanceof Number n ? n.doubleValue() : defaultLambda(kind);
        double temperature = settings.get("temperature") instanceof Number n ? n.doubleValue() : DEFAULT_TEMPERATURE;
        return new Guidance(kind, lambda, temperature);
    }

    public static Guidance none() {
        return new Guidance(Kind.CE, 0, DEFAULT_TEMPERATURE);
    }

    /**
     * Each loss's best weight on the Fashion-MNIST validation split at 30x and 15x
     * (docs/results/ablation.md): where (R) and (C) together were highest.
     */
    public static double defaultLambda(Kind kind) {
        return switch (kind) {
            case CE -> 0.5;
            case DISTILL -> 0.5;
            case FEATURES -> 0.1;
            case CE_FEATURES -> 0.5;
        };
    }

    public static Guidance of(Kind kind, double lambda) {
        return new Guidance(kind, lambda, DEFAULT_TEMPERATURE);
    }

    public boolean guided() {
        return lambda > 0;
    }

    /** {@code ce 0.05}, {@code distill 0.5 T=4}, {@code none}. */
    public String label() {
        if (!guided()) {
            return "none";
        }
        return kind.id() + " " + lambda + (kind == Kind.DISTILL ? " T=" + temperature : "");
    }
}
