package dev.cdc.cli;

import picocli.CommandLine.Option;

/** {@code --rate-weight W}: how much the rANS coder's bits per image count in the autoencoder's loss. */
public final class RateWeightOption {
    @Option(names = "--rate-weight", defaultValue = "0", paramLabel = "W",
            description = "Add W x the bits per image that rANS with per-position tables would spend to the autoencoder's loss"
                    + " (rate-aware training, docs/entropy-coding.md): larger W, cheaper codes for `--codec rans`, at some"
                    + " reconstruction cost; 0 leaves the loss as it was (default: ${DEFAULT-VALUE}).")
    double weight;

    /** The weight, checked: a usage error unless it is finite and 0 or more. */
    double weight() {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new UsageException("--rate-weight " + weight + " is not valid: expected 0 or more (0.001 to 0.01 is a useful start)");
        }
        return weight;
    }
}
