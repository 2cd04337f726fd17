package dev.cdc.cli;

import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.train.Evaluation;
import dev.cdc.training.LibTorchRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cdc eval}: a saved cloud classifier's accuracy on raw images. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Accuracy of a cloud classifier (.cdcc) on raw images.")
public final class EvalCommand implements Callable<Integer> {
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
    @Option(names = "--images", paramLabel = "N", description = "The first N images (default: all).")
    Integer images;

    /** What {@code --json} prints. */
    public record EvalReport(String classifier, String dataset, String split, int images, double accuracy) {
    }

    @Override
    public Integer call() throws IOException {
        LibTorchRuntime.configure();
        ModelStore.SavedClassifier saved = ModelStore.loadClassifier(classifierFile);
        TrainingImages test = TrainingImages.of(DatasetSplit.read(data.directory(), datasetOption.name(), split, images));
        if (!test.shape().equals(saved.shape())) {
            throw new UsageException(classifierFile + " takes " + saved.shape() + " images but " + datasetOption.name() + " has " + test.shape());
        }
        double accuracy = Evaluation.accuracy(saved.classifier(), test);
        EvalReport report = new EvalReport(classifierFile.toString(), datasetOption.name(), split, test.count(), accuracy);
        PrintWriter stdout = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(stdout, report);
        } else {
            stdout.printf("%s: %.2f%% of %,d %s/%s images%n", classifierFile, 100 * accuracy, test.count(), datasetOption.name(), split);
            stdout.flush();
        }
        return ExitCodes.OK;
    }
}
