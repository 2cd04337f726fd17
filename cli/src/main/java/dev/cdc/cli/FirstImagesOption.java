package dev.cdc.cli;

import picocli.CommandLine.Option;

/** {@code --images N}: the first N images of the chosen split, for the commands that read a data set. */
public final class FirstImagesOption {
    @Option(names = "--images", paramLabel = "N", description = "Use the first N images of the split (default: all).")
    Integer count;

    /** N, or null for all; {@link DatasetSplit} checks it against the split. */
    Integer limit() {
        return count;
    }
}
