package dev.cdc.cli;

import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.text.Printable;
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
import java.util.ArrayList;
import java.util.Comparator;
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
        description = "Accuracy of a cloud classifier (.cdcc) on raw images (protocol R) and, with --through, on the "
                + "images passed through a model's encoder, codec and decoder (protocol C), per k for a bundle.")
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
    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
            description = "train or test (default: ${DEFAULT-VALUE}).")
    String split;
    @Mixin
    FirstImagesOption images;
    @Option(names = "--through", paramLabel = "MODEL|BUNDLE",
            description = "Also the accuracy on the images through this model (.cdcm) or each pair of this bundle (a directory).")
    Path through;

    /** The table prints every class up to this many; beyond, the weakest {@link #WEAKEST_SHOWN}. */
    private static final int CLASSES_SHOWN = 30;
    private static final int WEAKEST_SHOWN = 10;

    /**
     * What {@code --json} prints: {@code accuracy} on raw images (R), per class by name, and
     * {@code codecAccuracy} per k (C).
     */
    public record EvalReport(String classifier, String dataset, String split, int images, double accuracy,
            List<ClassAccuracy> perClass, Map<Integer, Double> codecAccuracy) {
    }

    /** One class's raw-image accuracy (null when the split holds none of it). */
    public record ClassAccuracy(String name, long images, Double accuracy) {
    }

    @Override
    public Integer call() throws IOException {
        ModelStore.SavedClassifier saved = ModelStore.loadClassifier(classifierFile);
        TrainingImages test = TrainingImages.of(ClassFit.align(DatasetSplit.read(data.directory(), datasetOption.source(), split,
                images.limit(), spec), saved.classNames(), classifierFile, datasetOption.name()));
        if (!test.shape().equals(saved.shape())) {
            throw new UsageException(classifierFile + " takes " + saved.shape() + " images but " + datasetOption.name() + " has " + test.shape());
        }
        Evaluation.Tally tally = Evaluation.tally(saved.classifier(), test);
        List<ClassAccuracy> perClass = new ArrayList<>();
        for (int c = 0; c < test.classes(); c++) {
            double a = tally.accuracy(c);
            perClass.add(new ClassAccuracy(test.classNames().get(c), tally.images()[c], Double.isNaN(a) ? null : a));
        }
        double accuracy = tally.accuracy();
        Map<Integer, Double> codecAccuracy = new TreeMap<>();
        for (CdcModel model : throughModels()) {
            if (!model.config().shape().equals(test.shape())) {
                throw new UsageException(through + " encodes " + model.config().shape() + " images but " + datasetOption.name()
                        + " has " + test.shape());
            }
            codecAccuracy.put(model.config().bits(), Evaluation.accuracy(saved.classifier(), CodecPassage.apply(model, test)));
        }
        EvalReport report = new EvalReport(classifierFile.toString(), datasetOption.name(), split, test.count(), accuracy,
                perClass, codecAccuracy);
        PrintWriter stdout = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(stdout, report);
        } else {
            stdout.printf("%s: %.2f%% of %,d %s/%s images (R)%n", classifierFile, 100 * accuracy, test.count(),
                    datasetOption.name(), split);
            printClasses(stdout, perClass);
            codecAccuracy.forEach((k, a) -> stdout.printf("%s: %.2f%% of them through the k=%d codec of %s (C)%n", classifierFile,
                    100 * a, k, through));
            stdout.flush();
        }
        return ExitCodes.OK;
    }

    /** Each class's accuracy by name; for many classes, the weakest only. */
    private static void printClasses(PrintWriter stdout, List<ClassAccuracy> perClass) {
        List<ClassAccuracy> shown = perClass;
        if (perClass.size() > CLASSES_SHOWN) {
            shown = perClass.stream().filter(c -> c.accuracy() != null).sorted(Comparator.comparingDouble(ClassAccuracy::accuracy))
                    .limit(WEAKEST_SHOWN).toList();
            stdout.printf("  the %d weakest of %d classes:%n", shown.size(), perClass.size());
        }
        int width = shown.stream().mapToInt(c -> Printable.of(c.name(), 40).length()).max().orElse(5);
        for (ClassAccuracy c : shown) {
            String value = c.accuracy() == null ? "   -   " : String.format("%6.2f%%", 100 * c.accuracy());
            stdout.printf("  %-" + width + "s %s of %,d%n", Printable.of(c.name(), 40), value, c.images());
        }
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
