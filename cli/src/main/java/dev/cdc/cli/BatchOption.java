package dev.cdc.cli;

import picocli.CommandLine.Option;

/** {@code --batch B} of the commands that train. */
public final class BatchOption {
    @Option(names = "--batch", defaultValue = "128", paramLabel = "B", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int size;

    int size() {
        if (size < 1 || size > 65536) {
            throw new UsageException("--batch " + size + " is not valid: expected 1..65536");
        }
        return size;
    }
}
