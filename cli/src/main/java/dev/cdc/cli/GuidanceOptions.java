package dev.cdc.cli;

import dev.cdc.training.train.Guidance;
import picocli.CommandLine.Option;

/** {@code --guidance}, {@code --lambda} and {@code --temperature}: what guides the autoencoder, and how much. */
public final class GuidanceOptions {
    @Option(names = "--guidance", paramLabel = "KIND",
            description = "The guidance loss: ce (cross-entropy on the labels), distill (KL to the guide's softened output "
                    + "on the raw image), features (the guide's hidden features of the raw image) or ce+features "
                    + "(both) (default: the data set's, see docs/results/ablation.md).")
    String kind;
    @Option(names = "--lambda", paramLabel = "L",
            description = "Guidance weight; 0 trains the unguided baseline (default: the data set's).")
    Double lambda;
    @Option(names = "--temperature", paramLabel = "T", description = "Softening of distill's distributions (default: 4).")
    Double temperature;

    /** The guidance asked for, each unset part taken from {@code defaults}; a usage error for bad values. */
    public Guidance resolve(Guidance defaults) {
        try {
            Guidance.Kind k = kind != null ? Guidance.Kind.fromId(kind) : defaults.kind();
            double l = lambda != null ? lambda : k == defaults.kind() ? defaults.lambda() : Guidance.defaultLambda(k);
            double t = temperature != null ? temperature : defaults.temperature();
            return new Guidance(k, l, t);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
