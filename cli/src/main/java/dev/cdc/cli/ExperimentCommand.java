package dev.cdc.cli;

import dev.cdc.core.data.ClassNames;
import dev.cdc.core.data.DatasetSource;
import dev.cdc.training.experiment.AccuracyBytesPlot;
import dev.cdc.training.experiment.Experiment;
import dev.cdc.training.experiment.ExperimentConfig;
import dev.cdc.training.experiment.ExperimentReport;
import dev.cdc.training.experiment.ExperimentResult;
import dev.cdc.training.store.Provenance;
import dev.cdc.training.train.ClassifierRecipe;
import dev.cdc.training.train.Guidance;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cdc experiment}: the paper's comparison on one data set, as a table, JSON and a plot. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Train and compare, on one data set: a cloud classifier on raw images, on the unguided "
                + "autoencoder's images and on CDC's at each k, and on JPEG at matched bytes, each tested on the "
                + "raw test images (R) and on the test images through the row's own codec (C). The raw row and the "
                + "base width's rows run once per seed. Prints the table; writes results.json, "
                + "accuracy-vs-bytes.png and reconstructions.png.")
public final class ExperimentCommand implements Callable<Integer>, LibTorchCommand {
    @Spec
    CommandSpec spec;
    @Mixin
    DataOptions data;
    @Mixin
    JsonOutput json;
    @Mixin
    DatasetOption datasetOption;
    @Option(names = "--quick", description = "A few minutes on a subset (6,000 training and 2,000 test images, fewer epochs).")
    boolean quick;
    @Option(names = "--bits", split = ",", paramLabel = "K",
            description = "Widths to compare; the first is trained from scratch, the others fine-tuned from it (default: 2,1,4,8).")
    List<Integer> bits;
    @Mixin
    GuidanceOptions guidanceOptions;
    @Option(names = "--latent-channels", paramLabel = "C",
            description = "Latent channels (default: the data set's; the latent is C x H/4 x W/4).")
    Integer latentChannels;
    @Option(names = "--epochs", paramLabel = "E",
            description = "Epochs of the autoencoders trained from scratch (default: 3, quick: 6).")
    Integer epochs;
    @Option(names = "--cloud-epochs", paramLabel = "E", description = "Epochs of every cloud classifier (default: 6, quick: 5).")
    Integer cloudEpochs;
    @Option(names = "--seeds", paramLabel = "N",
            description = "Seeds of the raw row and the base width's rows (default: 3, quick: 1).")
    Integer seeds;
    @Mixin
    JobsOption jobs;
    @Mixin
    RateWeightOption rateWeight;
    @Mixin
    DeviceOption deviceOption;
    @Option(names = "--compare-scratch", description = "Also train one fine-tuned width from scratch, to compare the two.")
    boolean compareScratch;
    @Option(names = "--train-guidance",
            description = "Let the guidance classifier keep learning during CDC training (default: frozen).")
    boolean trainGuidance;
    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "The first seed; the others follow it (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: cdc-out/experiment/DATASET[-quick]).")
    Path out;
    @Option(names = "--replot", paramLabel = "DIR",
            description = "Train nothing: print the table of DIR/results.json and draw its plot again.")
    Path replot;

    @Override
    public Integer call() throws IOException {
        if (replot != null) {
            ExperimentResult saved = ExperimentReport.readJson(replot.resolve("results.json"));
            AccuracyBytesPlot.write(replot.resolve("accuracy-vs-bytes.png"), saved);
            print(saved);
            return ExitCodes.OK;
        }
        DatasetSource source = datasetOption.source();
        String dataset = source.label();
        ExperimentConfig base = quick ? ExperimentConfig.quick(dataset, source.packaged())
                : ExperimentConfig.full(dataset, source.packaged());
        List<Integer> widths = bits != null ? bits : base.bits();
        for (int k : widths) {
            if (k < 1 || k > 8) {
                throw new UsageException("--bits " + k + " is not supported: expected 1..8");
            }
        }
        int seedCount = seeds != null ? seeds : base.seeds().size();
        if (seedCount < 1 || seedCount > 10) {
            throw new UsageException("--seeds " + seedCount + " is not valid: expected 1..10");
        }
        if (trainGuidance && guidanceOptions.resolve(base.guidance()).kind() != Guidance.Kind.CE) {
            throw new UsageException("--train-guidance works with --guidance ce only");
        }
        int parallel = jobs.configure();
        ClassifierRecipe cloud = base.cloudRecipe();
        if (cloudEpochs != null) {
            if (cloudEpochs < 1) {
                throw new UsageException("--cloud-epochs " + cloudEpochs + " is not valid: expected at least 1");
            }
            cloud = cloud.withEpochs(cloudEpochs);
        }
        ExperimentConfig config = new ExperimentConfig(dataset, base.trainImages(), base.testImages(), widths,
                guidanceOptions.resolve(base.guidance()), latentChannels != null ? latentChannels : base.latentChannels(),
                base.width(), base.guideRecipe(), cloud, epochs != null ? epochs : base.autoencoderEpochs(),
                base.finetuneEpochs(), base.batchSize(), LongStream.range(seed, seed + seedCount).boxed().toList(),
                trainGuidance, compareScratch, rateWeight.weight());
        Path dir = out != null ? out : Path.of("cdc-out", "experiment", dataset + (quick ? "-quick" : ""));
        Experiment experiment = new Experiment(config, source, data.directory(), dir, System.err, parallel,
                (Map<String, Object> settings) -> provenance(config, settings)).on(deviceOption.device());
        print(experiment.run());
        return ExitCodes.OK;
    }

    private void print(ExperimentResult result) {
        PrintWriter stdout = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(stdout, result);
            return;
        }
        stdout.println();
        stdout.print(ExperimentReport.table(result));
        stdout.println();
        result.targets().forEach((target, verdict) -> stdout.println(target + ": " + verdict));
        if (result.classNames() != null) {
            stdout.printf("classes: %s%n", ClassNames.shortList(result.classNames()));
        }
        stdout.printf("guidance classifier: %.2f%% on raw test images%n", 100 * result.guideAccuracy());
        stdout.printf("%ntook %.0f s; table and settings in %s, plot in %s, reconstructions in %s%n", result.seconds(),
                result.files().get("json"), result.files().get("plot"), result.files().get("reconstructions"));
        stdout.flush();
    }

    private static Provenance provenance(ExperimentConfig config, Map<String, Object> settings) {
        return ProvenanceFactory.create(config.dataset() + "/train", config.firstSeed(), settings, null);
    }
}
