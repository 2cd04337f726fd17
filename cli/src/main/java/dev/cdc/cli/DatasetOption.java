package dev.cdc.cli;

import picocli.CommandLine.Option;

/** The {@code --dataset} option of the commands that read a packaged data set. */
public final class DatasetOption {
    @Option(names = "--dataset", defaultValue = "mnist", paramLabel = "NAME",
            description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE}).")
    String name;

    public String name() {
        return name;
    }
}
