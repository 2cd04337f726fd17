package dev.cdc.cli;

import dev.cdc.core.data.DataDirectory;
import dev.cdc.core.data.KnownDataset;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Where data sets live and which ones a command works on. */
public final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory (default: $CDC_DATA, else ~/.cache/cdc/data).")
    Path directory;

    public Path directory() {
        return directory != null ? directory : DataDirectory.resolve();
    }

    /** The named data set, or a usage error that lists the known ones. */
    public static KnownDataset dataset(String id) {
        try {
            return KnownDataset.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** All data sets when none is named. */
    public static List<KnownDataset> datasets(List<String> ids) {
        return ids == null || ids.isEmpty() ? List.of(KnownDataset.values()) : ids.stream().map(DataOptions::dataset).toList();
    }
}
