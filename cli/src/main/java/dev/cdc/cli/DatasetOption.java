package dev.cdc.cli;

import dev.cdc.core.data.DatasetSource;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code --dataset} option of the commands that read images. */
public final class DatasetOption {
    @Option(names = "--dataset", defaultValue = "mnist", paramLabel = "DATA",
            description = "mnist, fashion-mnist, folder:PATH (one subfolder per class, or train/ and test/ each with them;"
                    + " a plain path to a directory works too), cifar10:PATH or npy:PATH (images.npy and labels.npy, in train/"
                    + " and test/ or not) (default: ${DEFAULT-VALUE}).")
    String name;
    @Mixin
    FolderOptions folderOptions;

    /** As the user wrote it, for messages and reports. */
    public String name() {
        return name;
    }

    /** Where the images come from; a usage error naming the accepted forms when the name is none of them. */
    public DatasetSource source() {
        return folderOptions.apply(DatasetSplit.source(name));
    }
}
