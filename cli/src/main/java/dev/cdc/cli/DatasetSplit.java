package dev.cdc.cli;

import dev.cdc.core.data.ImageSet;
import dev.cdc.core.data.KnownDataset;
import java.io.IOException;
import java.nio.file.Path;

/** Reads a named split of a packaged data set, with clear usage errors. */
final class DatasetSplit {
    private DatasetSplit() {
    }

    static ImageSet read(Path dataRoot, String dataset, String split, Integer limit) throws IOException {
        return read(dataRoot, dataset, split, 0, limit);
    }

    /** Images {@code skip ..} of a split, at most {@code limit} of them (all when null). */
    static ImageSet read(Path dataRoot, String dataset, String split, int skip, Integer limit) throws IOException {
        KnownDataset source = DataOptions.dataset(dataset);
        ImageSet set = switch (split) {
            case "train" -> source.readTrain(dataRoot);
            case "test" -> source.readTest(dataRoot);
            default -> throw new UsageException("split '" + split + "' is not valid: expected train or test");
        };
        if (skip < 0 || skip >= set.count()) {
            throw new UsageException("--skip " + skip + " is not valid: " + dataset + "/" + split + " has " + set.count()
                    + " images, expected 0.." + (set.count() - 1));
        }
        set = set.slice(skip, set.count());
        if (limit != null) {
            if (limit < 1) {
                throw new UsageException("--images " + limit + " is not valid: expected at least 1");
            }
            set = set.head(limit);
        }
        return set;
    }

    /** The data set id of a shard's or model's "mnist/train" label, or null when it names none. */
    static String datasetOf(String label) {
        String id = label.contains("/") ? label.substring(0, label.indexOf('/')) : label;
        try {
            return KnownDataset.fromId(id).id();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
