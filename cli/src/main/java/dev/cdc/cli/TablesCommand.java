package dev.cdc.cli;

import dev.cdc.core.data.ImageSet;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.pipeline.CodeTableFitting;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.store.Provenance;
import dev.cdc.training.store.TrainingState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cdc tables}: fit a model's rANS code tables without training it, for a model from before
 * cdc fitted them (or to fit them on other images). The weights stay; the fingerprint changes,
 * since it covers the tables, so shards the old file encoded stay with the old file.
 */
@Command(name = "tables", mixinStandardHelpOptions = true,
        description = "Fit a trained model's code tables (rANS, docs/entropy-coding.md) on its own codes of the training images,"
                + " as train and finetune do, without training: for a model from before cdc fitted them. The weights stay the"
                + " same; the new file's fingerprint differs (it covers the tables), so shards the old file encoded decode with"
                + " the old file.")
public final class TablesCommand implements Callable<Integer>, LibTorchCommand {
    @Spec
    CommandSpec spec;
    @Mixin
    DataOptions data;
    @Mixin
    JsonOutput json;
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "The trained model (.cdcm).")
    Path from;
    @Option(names = "--dataset", paramLabel = "DATA", description = "The training images, named as on every command"
            + " (default: the packaged data set the model was trained on).")
    String datasetName;
    @Mixin
    FolderOptions folderOptions;
    @Mixin
    FirstImagesOption images;
    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Where the model with its tables goes.")
    Path out;

    /** What {@code --json} prints. */
    public record TablesReport(String model, String from, int bits, int images, double expectedBitsPerCode, String fingerprint,
            double seconds) {
    }

    @Override
    public Integer call() throws IOException {
        if (Files.exists(out) && Files.isSameFile(out, from)) {
            throw new UsageException("--out " + out + " is the model itself: expected another file (the old one still decodes"
                    + " the shards it encoded)");
        }
        ModelStore.SavedModel source = ModelStore.loadModel(from);
        String dataset = DatasetSplit.forModel(datasetName, from, source.provenance().dataset());
        ImageSet trainSet = DatasetSplit.read(data.directory(), folderOptions.apply(DatasetSplit.source(dataset)), "train",
                images.limit(), spec);
        long started = System.nanoTime();
        CdcModel model = source.model();
        String before = model.fingerprint().toString();
        model.useCodeTables(CodeTableFitting.fit(model, TrainingImages.of(trainSet)));
        Map<String, Object> settings = new LinkedHashMap<>(source.provenance().settings());
        settings.put("codeTablesImages", trainSet.count());
        Provenance provenance = ProvenanceFactory.create(source.provenance().dataset(), source.provenance().seed(), settings, before);
        ModelStore.saveModel(out, model, provenance, TrainingState.FINISHED, null);
        double seconds = (System.nanoTime() - started) / 1e9;
        TablesReport report = new TablesReport(out.toString(), from.toString(), model.config().bits(), trainSet.count(),
                model.codeTables().expectedBitsPerRecord() / model.codeTables().elements(), model.fingerprint().toString(), seconds);
        PrintWriter stdout = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(stdout, report);
        } else {
            stdout.printf("fitted the code tables of %s (k=%d) on %,d images in %.0f s: %.3f bits per code expected against %d"
                    + " bit-packed; %s, fingerprint %s%n", from, report.bits(), report.images(), seconds,
                    report.expectedBitsPerCode(), report.bits(), out, report.fingerprint());
            stdout.flush();
        }
        return ExitCodes.OK;
    }
}
