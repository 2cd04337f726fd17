package dev.cdc.cli;

import static org.bytedeco.pytorch.global.torch.manual_seed;

import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.shard.ShardReader;
import dev.cdc.training.LibTorchRuntime;
import dev.cdc.training.bundle.BundleModels;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.distributed.Collective;
import dev.cdc.training.distributed.DataParallelClassifierTask;
import dev.cdc.training.distributed.DistributedSettings;
import dev.cdc.training.distributed.ProcessGroupSession;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.Classifier;
import dev.cdc.training.pipeline.ShardDecoder;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.train.EpochLogListener;
import dev.cdc.training.train.Evaluation;
import dev.cdc.training.train.FitOptions;
import dev.cdc.training.train.MetricsLogListener;
import dev.cdc.training.train.Runs;
import dev.cdc.training.train.Trainer;
import dev.cdc.training.train.TrainingListener;
import dev.cdc.training.train.TrainingPosition;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cdc train-cloud}: the cloud's job, a classifier trained on decoded shards, tested on raw images. */
@Command(name = "train-cloud", mixinStandardHelpOptions = true,
        description = {"Decode shards with the model that encoded them, train the cloud classifier on the reconstructions",
            "and evaluate it on the untouched raw test images. A damaged shard contributes its complete chunks."})
public final class TrainCloudCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    DataOptions data;
    @Mixin
    JsonOutput json;
    @Option(names = "--model", paramLabel = "MODEL", description = "The model whose encoder wrote the shards.")
    Path modelFile;
    @Option(names = "--bundle", paramLabel = "DIR",
            description = "Instead of --model: a bundle; each shard is decoded by the pair whose encoder wrote it.")
    Path bundleDir;
    @Option(names = "--dataset", paramLabel = "NAME", description = "Data set of the raw test images (default: the one the shards name).")
    String dataset;
    @Option(names = "--epochs", defaultValue = "3", paramLabel = "E", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch", defaultValue = "128", paramLabel = "B", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", required = true, paramLabel = "CLASSIFIER", description = "Where the classifier (.cdcc) goes.")
    Path out;
    @Option(names = "--norm", defaultValue = "batch", paramLabel = "KIND",
            description = {"Normalisation of the classifier: batch or group (default: ${DEFAULT-VALUE}). With group, a",
                "data-parallel run trains the same model whatever the number of processes."})
    Classifier.Normalization normalization;
    @Option(names = "--metrics", paramLabel = "FILE", description = "Append per-epoch metrics as JSON lines (rank 0 only).")
    Path metricsFile;
    @Option(names = "--dist-backend", defaultValue = "gloo", paramLabel = "NAME",
            description = "Data-parallel backend when started by `cdc launch` or torchrun's variables: gloo (CPU) or nccl (GPU) (default: ${DEFAULT-VALUE}).")
    ProcessGroupSession.Kind backend;
    @Option(names = "--dist-timeout", defaultValue = "60s", converter = Quantities.DurationConverter.class, paramLabel = "TIME",
            description = "How long a rank waits for the others at the rendezvous and in each collective (default: ${DEFAULT-VALUE}).")
    Duration distTimeout;
    @Parameters(paramLabel = "SHARD", arity = "1..*",
            description = ".cdc shards, or directories searched for them (such as the store of `cdc serve`).")
    List<Path> inputs;
    List<Path> shards;

    /** What {@code --json} prints. */
    public record CloudReport(String classifier, long records, long shardBytes, double bytesPerImage, double testAccuracy,
            int testImages, double seconds, int worldSize, long steps, double trainSeconds, double stepsPerSecond,
            List<String> warnings) {
    }

    @Override
    public Integer call() throws IOException {
        Optional<DistributedSettings> distributed = DistributedSettings.fromEnvironment(System.getenv());
        LibTorchRuntime.configure();
        if (epochs < 1) {
            throw new UsageException("--epochs " + epochs + " is not valid: expected at least 1");
        }
        if ((modelFile == null) == (bundleDir == null)) {
            throw new UsageException("give exactly one of --model and --bundle: the decoder(s) for the shards");
        }
        shards = ShardInputs.expand(inputs);
        List<CdcModel> models = modelFile != null ? List.of(ModelStore.loadModel(modelFile).model())
                : List.copyOf(BundleModels.load(Bundle.read(bundleDir)).values());
        CdcModel model = models.get(0);
        String testSet = dataset != null ? dataset : datasetOfShards();
        PrintWriter err = spec.commandLine().getErr();
        Collective collective = distributed.isPresent() ? ProcessGroupSession.open(distributed.get(), backend, distTimeout)
                : Collective.SINGLE;
        boolean leader = collective.rank() == 0;
        long started = System.nanoTime();
        ShardDecoder.Decoded decoded = ShardDecoder.decode(models, shards, message -> {
            if (leader) {
                err.println("warning: " + message);
            }
        });
        if (decoded.records() == 0) {
            throw new dev.cdc.core.CdcFormatException("the shards hold no complete records to train on");
        }
        TrainingImages test = TrainingImages.of(DatasetSplit.read(data.directory(), testSet, "test", null));
        manual_seed(seed);
        Classifier classifier = Classifier.cloud(model.config().shape(), test.classes(), normalization);
        List<TrainingListener> listeners = new ArrayList<>();
        if (leader) {
            listeners.add(EpochLogListener.forConsole(System.err));
            if (metricsFile != null) {
                listeners.add(new MetricsLogListener(metricsFile));
            }
        }
        long trainStarted = System.nanoTime();
        try {
            DataParallelClassifierTask task = new DataParallelClassifierTask("cloud classifier", classifier,
                    Runs.CLASSIFIER_LEARNING_RATE, collective, seed);
            new Trainer(listeners).fit(task, decoded.images(), new FitOptions(epochs, batch, seed), TrainingPosition.START);
        } catch (UncheckedIOException e) {
            throw e.getCause(); // a peer rank died: the message says which and why
        }
        double trainSeconds = (System.nanoTime() - trainStarted) / 1e9;
        long steps = (long) epochs * ((decoded.records() + batch - 1) / batch);
        if (!leader) {
            err.printf("rank %d: trained %d steps in %.1f s; rank 0 evaluates and saves%n", collective.rank(), steps, trainSeconds);
            err.flush();
            return ExitCodes.OK;
        }
        double accuracy = Evaluation.accuracy(classifier, test);
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("testAccuracy", accuracy);
        metrics.put("trainedOnRecords", decoded.records());
        metrics.put("encoderFingerprints", models.stream().map(m -> m.fingerprint().toString()).toList());
        metrics.put("bits", models.stream().map(m -> m.config().bits()).toList());
        metrics.put("worldSize", collective.worldSize());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("epochs", epochs);
        settings.put("batch", batch);
        settings.put("normalization", normalization.name().toLowerCase(Locale.ROOT));
        ModelStore.saveClassifier(out, classifier, model.config().shape(), test.classes(),
                ProvenanceFactory.create(testSet + "/decoded shards", seed, settings, model.fingerprint().toString()), metrics);
        CloudReport report = new CloudReport(out.toString(), decoded.records(), decoded.shardBytes(),
                (double) decoded.shardBytes() / decoded.records(), accuracy, test.count(), seconds, collective.worldSize(), steps,
                trainSeconds, steps / trainSeconds, decoded.warnings());
        PrintWriter stdout = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(stdout, report);
        } else {
            stdout.printf("cloud classifier %s: trained on %,d decoded records (%.1f bytes per image uploaded), %.2f%% on %,d raw %s test images, %.0f s"
                    + "%s%n", out, decoded.records(), report.bytesPerImage(), 100 * accuracy, test.count(), testSet, seconds,
                    collective.worldSize() > 1 ? String.format(" (%d processes, %.2f steps/s)", collective.worldSize(),
                            report.stepsPerSecond()) : "");
            stdout.flush();
        }
        return ExitCodes.OK;
    }

    private String datasetOfShards() throws IOException {
        try (ShardReader reader = ShardReader.open(shards.get(0))) {
            String id = DatasetSplit.datasetOf(reader.header().dataset());
            if (id == null) {
                throw new UsageException(shards.get(0) + " names data set '" + reader.header().dataset()
                        + "'; give --dataset for the raw test images");
            }
            return id;
        }
    }
}
