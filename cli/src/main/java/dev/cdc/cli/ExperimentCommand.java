package dev.cdc.cli;

import dev.cdc.training.experiment.Experiment;
import dev.cdc.training.experiment.ExperimentConfig;
import dev.cdc.training.experiment.ExperimentReport;
import dev.cdc.training.experiment.ExperimentResult;
import dev.cdc.training.store.Provenance;
import dev.cdc.training.LibTorchRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cdc experiment}: the paper's comparison on one data set, as a table, JSON and a plot. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Train and compare, on one data set: a cloud classifier on raw images, on the unguided",
            "autoencoder's images and on CDC's at each k, and on JPEG at matched bytes, all evaluated on the raw",
            "test set. Prints the table; writes results.json, accuracy-vs-bytes.png and reconstructions.png."})
public final class ExperimentCommand implements Callable<Integer> {
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
    @Option(names = "--bits", split = ",", paramLabel = "K", description = "Widths to compare; the first is trained from scratch, the others fine-tuned from it (default: 2,1,3,4,8).")
    List<Integer> bits;
    @Option(names = "--lambda", paramLabel = "L", description = "Guidance weight of CDC (default: 0.05).")
    Double lambda;
    @Option(names = "--latent-channels", paramLabel = "C", description = "Latent channels (default: 2; the latent is C x H/4 x W/4).")
    Integer latentChannels;
    @Option(names = "--epochs", paramLabel = "E", description = "Epochs of the autoencoders trained from scratch (default: 6, quick: 3).")
    Integer epochs;
    @Option(names = "--train-guidance", description = "Let the guidance classifier keep learning during CDC training (default: frozen).")
    boolean trainGuidance;
    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of everything (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: cdc-out/experiment/DATASET[-quick]).")
    Path out;
    @Option(names = "--replot", paramLabel = "DIR", description = "Train nothing: print the table of DIR/results.json and draw its plot again.")
    Path replot;

    @Override
    public Integer call() throws IOException {
        if (replot != null) {
            ExperimentResult saved = ExperimentReport.readJson(replot.resolve("results.json"));
            ExperimentReport.writePlot(replot.resolve("accuracy-vs-bytes.png"), saved);
            print(saved);
            return ExitCodes.OK;
        }
        LibTorchRuntime.configure();
        DataOptions.dataset(datasetOption.name());
        ExperimentConfig base = quick ? ExperimentConfig.quick(datasetOption.name()) : ExperimentConfig.full(datasetOption.name());
        List<Integer> widths = bits != null ? bits : base.bits();
        for (int k : widths) {
            if (k < 1 || k > 8) {
                throw new UsageException("--bits " + k + " is not supported: expected 1..8");
            }
        }
        ExperimentConfig config = new ExperimentConfig(datasetOption.name(), base.trainImages(), base.testImages(), widths,
                lambda != null ? lambda : base.lambda(), latentChannels != null ? latentChannels : base.latentChannels(),
                base.width(), base.guidanceEpochs(), epochs != null ? epochs : base.autoencoderEpochs(),
                base.finetuneEpochs(), base.cloudEpochs(), base.batchSize(), seed, trainGuidance);
        Path dir = out != null ? out : Path.of("cdc-out", "experiment", datasetOption.name() + (quick ? "-quick" : ""));
        Experiment experiment = new Experiment(config, data.directory(), dir, System.err,
                (Map<String, Object> settings) -> provenance(config, settings));
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
        stdout.printf("%ntook %.0f s; table and settings in %s, plot in %s, reconstructions in %s%n", result.seconds(),
                result.files().get("json"), result.files().get("plot"), result.files().get("reconstructions"));
        stdout.flush();
    }

    private static Provenance provenance(ExperimentConfig config, Map<String, Object> settings) {
        return ProvenanceFactory.create(config.dataset() + "/train", config.seed(), settings, null);
    }
}
