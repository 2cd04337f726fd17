package dev.cdc.cli;

import dev.cdc.core.data.DatasetSource;
import dev.cdc.core.data.ImageSet;
import dev.cdc.core.data.KnownDataset;
import dev.cdc.core.text.Printable;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** Reads a split of a data set (packaged, a folder, CIFAR-10 batches), with clear usage errors. */
final class DatasetSplit {
    private DatasetSplit() {
    }

    /** The data set a user named, or a usage error that lists the accepted forms. */
    static DatasetSource source(String dataset) {
        try {
            return DatasetSource.parse(dataset);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static ImageSet read(Path dataRoot, DatasetSource source, String split, Integer limit, CommandSpec spec) throws IOException {
        return read(dataRoot, source, split, 0, limit, spec);
    }

    /**
     * Images {@code skip ..} of a split, at most {@code limit} of them (all when null); what was
     * ignored or skipped on the way is a warning line on the command's error stream.
     */
    static ImageSet read(Path dataRoot, DatasetSource source, String split, int skip, Integer limit, CommandSpec spec)
            throws IOException {
        DatasetSource.Split which;
        try {
            which = DatasetSource.Split.fromId(split);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ImageSet set = source.read(dataRoot, which, warning -> {
            spec.commandLine().getErr().println("warning: " + warning);
            spec.commandLine().getErr().flush();
        });
        if (skip < 0 || skip >= set.count()) {
            throw new UsageException("--skip " + skip + " is not valid: " + source.label() + "/" + split + " has " + set.count()
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

    /**
     * The data set a command works on for a model: {@code given} when there is one, else the
     * packaged data set the model was trained on; a usage error when neither names one.
     */
    static String forModel(String given, Path model, String trainedOn) {
        String dataset = given != null ? given : datasetOf(trainedOn);
        if (dataset == null) {
            throw new UsageException(model + " was trained on '" + Printable.of(trainedOn)
                    + "', which is not a packaged data set: give --dataset (folder:PATH, cifar10:PATH) for its training images");
        }
        return dataset;
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
