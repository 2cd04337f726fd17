package dev.cdc.cli;

import dev.cdc.core.bundle.Bundle;
import dev.cdc.training.bundle.BundleModels;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.pipeline.CodecPassage;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.train.Evaluation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cdc eval}: a saved cloud classifier's accuracy on raw images. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Accuracy of a cloud classifier (.cdcc) on raw images (protocol R) and, with --through, on the",
            "images passed through a model's encoder, codec and decoder (protocol C), per k for a bundle."})
public final class EvalCommand implements Callable<Integer>, LibTorchCommand {
    @Spec
    CommandSpec spec;
    @Mixin
    DataOptions data;
    @Mixin
    JsonOutput json;
    @Option(names = "--classifier", required = true, paramLabel = "CLASSIFIER", description = "The classifier (.cdcc).")
    Path classifierFile;
    @Mixin
    DatasetOption datasetOption;
    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT", description = "train or test (default: ${DEFAULT-VALUE}).")
    String split;
    @Mixin
    FirstImagesOption images;
    @Option(names = "--through", paramLabel = "MODEL|BUNDLE",
            description = "Also the accuracy on the images through this model (.cdcm) or each pair of this bundle (a directory).")
    Path through;

    /** What {@code --json} prints: {@code accuracy} on raw images (R), {@code codecAccuracy} per k (C). */
    public record EvalReport(String classifier, String dataset, String split, int images, double accuracy,
            Map<Integer, Double> codecAccuracy) {
    }

    @Override
    public Integer call() throws IOException {
        ModelStore.SavedClassifier saved = ModelStore.loadClassifier(classifierFile);
        TrainingImages test = TrainingImages.of(DatasetSplit.read(data.directory(), datasetOption.source(), split, images.limit(),
                spec));
        if (!test.shape().equals(saved.shape())) {
            throw new UsageException(classifierFile + " takes " + saved.shape() + " images but " + datasetOption.name() + " has " + test.shape());
        }
        double accuracy = Evaluation.accuracy(saved.classifier(), test);
        Map<Integer, Double> codecAccuracy = new TreeMap<>();
        for (CdcModel model : throughModels()) {
            if (!model.config().shape().equals(test.shape())) {
                throw new UsageException(through + " encodes " + model.config().shape() + " images but " + datasetOption.name()
                        + " has " + test.shape());
            }
            codecAccuracy.put(model.config().bits(), Evaluation.accuracy(saved.classifier(), CodecPassage.apply(model, test)));
        }
        EvalReport report = new EvalReport(classifierFile.toString(), datasetOption.name(), split, test.count(), accuracy,
                codecAccuracy);
        PrintWriter stdout = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(stdout, report);
        } else {
            stdout.printf("%s: %.2f%% of %,d %s/%s images (R)%n", classifierFile, 100 * accuracy, test.count(),
                    datasetOption.name(), split);
            codecAccuracy.forEach((k, a) -> stdout.printf("%s: %.2f%% of them through the k=%d codec of %s (C)%n", classifierFile,
                    100 * a, k, through));
            stdout.flush();
        }
        return ExitCodes.OK;
    }

    private List<CdcModel> throughModels() throws IOException {
        if (through == null) {
            return List.of();
        }
        if (Files.isDirectory(through)) {
            return List.copyOf(BundleModels.load(Bundle.read(through)).values());
        }
        return List.of(ModelStore.loadModel(through).model());
    }
}
