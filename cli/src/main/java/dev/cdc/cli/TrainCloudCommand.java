package dev.cdc.cli;

import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.data.KnownDataset;
import dev.cdc.core.shard.ShardReader;
import dev.cdc.training.ComputeDevice;
import dev.cdc.training.bundle.BundleModels;
import dev.cdc.training.data.Augmentation;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.distributed.Collective;
import dev.cdc.training.distributed.DistributedSettings;
import dev.cdc.training.distributed.ProcessGroupSession;
import dev.cdc.training.job.CloudAccuracy;
import dev.cdc.training.job.CloudTrainingJob;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ClassifierSpec;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.train.ClassifierRecipe;
import dev.cdc.training.train.MetricsLogListener;
import dev.cdc.training.train.TrainingDefaults;
import dev.cdc.training.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        description = "Decode shards with the model that encoded them, train the cloud classifier on the "
                + "reconstructions and evaluate it under both protocols: (R) on the untouched raw test images, and "
                + "(C) on the test images passed through the encoder, codec and decoder (per k, for a bundle). A "
                + "damaged shard contributes its complete chunks.")
public final class TrainCloudCommand implements Callable<Integer>, LibTorchCommand {
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
    @Option(names = "--dataset", paramLabel = "DATA",
            description = "Data set of the raw test images, named as on every command (default: the packaged one the shards name).")
    String dataset;
    @Mixin
    FolderOptions folderOptions;
    @Option(names = "--epochs", paramLabel = "E",
            description = "Epochs (default: 8, with the rate decaying to zero along a cosine).")
    Integer epochs;
    @Mixin
    BatchOption batch;
    @Mixin
    DeviceOption deviceOption;
    @Option(names = "--shift", paramLabel = "PX",
            description = "Shift the training images at random by up to PX pixels (default: 0).")
    Integer shift;
    @Option(names = "--mirror",
            description = "Mirror half the training images left to right (default: off; refused for digits, which a mirror "
                    + "changes).")
    boolean mirror;
    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", required = true, paramLabel = "CLASSIFIER", description = "Where the classifier (.cdcc) goes.")
    Path out;
    @Option(names = "--norm", defaultValue = "none", paramLabel = "KIND",
            description = "Normalisation of the classifier: none, batch or group (default: ${DEFAULT-VALUE}). Batch norm "
                    + "carries the decoded images' statistics to raw ones and costs accuracy on (R); with batch norm a "
                    + "data-parallel run's model also depends on the number of processes.")
    String normalization;
    @Option(names = "--head", defaultValue = "flat", paramLabel = "KIND",
            description = "How the classifier's features reach its hidden layer: flat (every cell) or pooled (the first "
                    + "wave's 4x4 pool, kept to compare) (default: ${DEFAULT-VALUE}).")
    String head;
    @Option(names = "--constant-rate", description = "Keep the learning rate constant instead of decaying it along a cosine.")
    boolean constantRate;
    @Option(names = "--metrics", paramLabel = "FILE", description = "Append per-epoch metrics as JSON lines (rank 0 only).")
    Path metricsFile;
    @Option(names = "--dist-backend", defaultValue = "gloo", paramLabel = "NAME",
            description = "Data-parallel backend when started by `cdc launch` or torchrun's variables: gloo (CPU) or nccl (GPU) (default: ${DEFAULT-VALUE}).")
    ProcessGroupSession.Kind backend;
    @Option(names = "--dist-timeout", defaultValue = "60s", converter = Quantities.DurationConverter.class, paramLabel = "TIME",
            description = "How long a rank waits for the others at the rendezvous and in each collective (default: ${DEFAULT-VALUE}).")
    Duration distTimeout;
    @Option(names = "--skip-bad",
            description = "Leave out, with a counted warning, shards and store chunks the cloud cannot read (a bad label, "
                    + "no decoder) instead of stopping; `cdc store check` lists them.")
    boolean skipBad;
    @Parameters(paramLabel = "SHARD", arity = "1..*",
            description = ".cdc shards, or directories searched for them (such as the store of `cdc serve`).")
    List<Path> inputs;
    List<Path> shards;

    /**
     * What {@code --json} prints. {@code testAccuracy} is protocol (R); {@code codecAccuracy}
     * protocol (C), per k of the decoders given.
     */
    public record CloudReport(String classifier, long records, long shardBytes, double bytesPerImage, double testAccuracy,
            Map<Integer, Double> codecAccuracy, int testImages, double seconds, int worldSize, long steps, double trainSeconds,
            double stepsPerSecond, List<String> warnings) {
    }

    @Override
    public Integer call() throws IOException {
        Optional<DistributedSettings> distributed = DistributedSettings.fromEnvironment(System.getenv());
        if ((modelFile == null) == (bundleDir == null)) {
            throw new UsageException("give exactly one of --model and --bundle: the decoder(s) for the shards");
        }
        // One GPU per process: plain `cuda` in a data-parallel run is the GPU of the process's LOCAL_RANK.
        ComputeDevice device = deviceOption.device();
        if (distributed.isPresent()) {
            device = device.forLocalRank(distributed.get().localRank());
            String unavailable = device.unavailableReason();
            if (unavailable != null) {
                throw new UsageException("--device: " + unavailable + " (LOCAL_RANK=" + distributed.get().localRank() + ")");
            }
        }
        shards = ShardInputs.expand(inputs);
        List<CdcModel> models = modelFile != null ? List.of(ModelStore.loadModel(modelFile).model())
                : List.copyOf(BundleModels.load(Bundle.read(bundleDir)).values());
        CdcModel model = models.get(0);
        String testSet = dataset != null ? dataset : datasetOfShards();
        ClassifierRecipe recipe = recipe(testSet);
        PrintWriter err = spec.commandLine().getErr();
        Collective collective = distributed.isPresent() ? ProcessGroupSession.open(distributed.get(), backend, distTimeout)
                : Collective.SINGLE;
        boolean leader = collective.rank() == 0;
        long started = System.nanoTime();
        TrainingImages test = TrainingImages.of(ClassFit.align(DatasetSplit.read(data.directory(),
                folderOptions.apply(DatasetSplit.source(testSet)), "test", null, spec), model.config().classNames(),
                modelFile != null ? modelFile : bundleDir, testSet));
        List<TrainingListener> listeners = new ArrayList<>();
        if (leader) {
            listeners.add(TrainingProgressBar.forConsole(System.err));
            if (metricsFile != null) {
                listeners.add(new MetricsLogListener(metricsFile));
            }
        }
        CloudTrainingJob.Trained trained = CloudTrainingJob.run(models, shards, test.classes(),
                new CloudTrainingJob.Settings("cloud classifier", recipe, seed, skipBad, device), collective, listeners, message -> {
                    if (leader) {
                        err.println("warning: " + message);
                    }
                });
        if (!leader) {
            err.printf("rank %d: trained %d steps in %.1f s; rank 0 evaluates and saves%n", collective.rank(), trained.steps(),
                    trained.trainSeconds());
            err.flush();
            return ExitCodes.OK;
        }
        CloudAccuracy accuracy = CloudAccuracy.measure(trained.classifier(), test, CloudAccuracy.passages(models, test));
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("testAccuracy", accuracy.raw());
        metrics.put("codecAccuracy", accuracy.throughCodec());
        metrics.put("trainedOnRecords", trained.records());
        metrics.put("encoderFingerprints", models.stream().map(m -> m.fingerprint().toString()).toList());
        metrics.put("bits", models.stream().map(m -> m.config().bits()).toList());
        metrics.put("worldSize", collective.worldSize());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("epochs", recipe.epochs());
        settings.put("batch", batch.size());
        settings.put("normalization", recipe.spec().normalization().id());
        settings.put("head", recipe.spec().head().id());
        settings.put("cosine", recipe.cosine());
        settings.put("shift", recipe.augmentation().maxShift());
        settings.put("mirror", recipe.augmentation().mirror());
        ModelStore.saveClassifier(out, trained.classifier(), model.config().shape(), test.classNames(),
                ProvenanceFactory.create(testSet + "/decoded shards", seed, settings, model.fingerprint().toString()), metrics);
        CloudReport report = new CloudReport(out.toString(), trained.records(), trained.shardBytes(), trained.bytesPerImage(),
                accuracy.raw(), accuracy.throughCodec(), test.count(), seconds, collective.worldSize(), trained.steps(),
                trained.trainSeconds(), trained.steps() / trained.trainSeconds(), trained.warnings());
        PrintWriter stdout = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(stdout, report);
        } else {
            StringBuilder codec = new StringBuilder();
            accuracy.throughCodec().forEach((k, a) -> codec.append(String.format(", %.2f%% through the k=%d codec (C)", 100 * a, k)));
            stdout.printf("cloud classifier %s: trained on %,d decoded records (%.1f bytes per image uploaded); on %,d %s test"
                    + " images: %.2f%% raw (R)%s; %.0f s%s%n", out, trained.records(), report.bytesPerImage(), test.count(),
                    testSet, 100 * accuracy.raw(), codec, seconds, collective.worldSize() > 1 ? String.format(
                            " (%d processes, %.2f steps/s)", collective.worldSize(), report.stepsPerSecond()) : "");
            stdout.flush();
        }
        return ExitCodes.OK;
    }

    /** The data set's cloud recipe with this command's choices. */
    private ClassifierRecipe recipe(String testSet) {
        try {
            KnownDataset packaged = DatasetSplit.source(testSet).packaged();
            Augmentation defaults = TrainingDefaults.augmentation(packaged);
            if (mirror && !TrainingDefaults.mirrorKeepsLabel(packaged)) {
                throw new UsageException("--mirror is not valid for " + testSet + ": a mirrored image changes its class");
            }
            Augmentation augmentation = new Augmentation(shift != null ? shift : defaults.maxShift(), mirror || defaults.mirror());
            ClassifierRecipe recipe = ClassifierRecipe.cloud(augmentation).withBatchSize(batch.size());
            recipe = recipe.withSpec(recipe.spec().withNormalization(ClassifierSpec.Normalization.fromId(normalization))
                    .withHead(ClassifierSpec.Head.fromId(head))).withCosine(!constantRate);
            if (epochs != null) {
                if (epochs < 1) {
                    throw new UsageException("--epochs " + epochs + " is not valid: expected at least 1");
                }
                recipe = recipe.withEpochs(epochs);
            }
            return recipe;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
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
