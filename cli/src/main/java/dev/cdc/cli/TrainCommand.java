package dev.cdc.cli;

import dev.cdc.core.data.DatasetSource;
import dev.cdc.core.data.ImageSet;
import dev.cdc.core.data.KnownDataset;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.job.ModelTrainingJob;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.pipeline.CodeTableFitting;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.store.Provenance;
import dev.cdc.training.store.TrainingState;
import dev.cdc.training.train.ClassifierRecipe;
import dev.cdc.training.train.Evaluation;
import dev.cdc.training.train.Guidance;
import dev.cdc.training.train.MetricsLogListener;
import dev.cdc.training.train.TrainingDefaults;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cdc train}: the guidance classifier on raw data, then the CDC autoencoder at k bits. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a guidance classifier on raw images, then the autoencoder with k-bit quantization in the "
                + "loop and loss = reconstruction + lambda * guidance loss of the decoded image. Checkpoints go to "
                + "OUT.ckpt every few steps; --resume continues a killed run from there.")
public final class TrainCommand implements Callable<Integer>, LibTorchCommand {
    @Spec
    CommandSpec spec;
    @Mixin
    DataOptions data;
    @Mixin
    JsonOutput json;
    @Mixin
    DatasetOption datasetOption;
    @Mixin
    FirstImagesOption images;
    @Option(names = "--bits", defaultValue = "2", paramLabel = "K",
            description = "Bits per latent element, 1..8 (default: ${DEFAULT-VALUE}).")
    int bits;
    @Mixin
    GuidanceOptions guidanceOptions;
    @Option(names = "--latent-channels", paramLabel = "C",
            description = "Latent channels; the latent is C x H/4 x W/4 (default: the data set's).")
    Integer latentChannels;
    @Option(names = "--width", defaultValue = "32", paramLabel = "W",
            description = "Channels of the widest convolution (default: ${DEFAULT-VALUE}).")
    int width;
    @Option(names = "--epochs", paramLabel = "E", description = "Autoencoder epochs (default: the data set's).")
    Integer epochs;
    @Option(names = "--guidance-epochs", paramLabel = "E",
            description = "Guidance classifier epochs on raw images (default: its plateau, 8).")
    Integer guidanceEpochs;
    @Option(names = "--train-guidance",
            description = "Let the guidance classifier keep learning on decoded images (default: frozen).")
    boolean trainGuidance;
    @Mixin
    BatchOption batch;
    @Mixin
    DeviceOption deviceOption;
    @Mixin
    RateWeightOption rateWeight;
    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Seed of initial weights and sample order (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--checkpoint-every", defaultValue = "200", paramLabel = "STEPS",
            description = "Steps between checkpoints, besides epoch ends (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;
    @Option(names = "--resume", description = "Continue from OUT.ckpt, left by a run that was stopped.")
    boolean resume;
    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Where the trained model (.cdcm) goes.")
    Path out;

    /** What {@code --json} prints. */
    public record TrainReport(String model, String fingerprint, int bits, int[] latentShape, int recordBytes,
            double guidanceTestAccuracy, double seconds, String checkpoint) {
    }

    @Override
    public Integer call() throws IOException {
        DatasetSource source = datasetOption.source();
        KnownDataset packaged = source.packaged();
        Guidance guidance = guidanceOptions.resolve(TrainingDefaults.guidance(packaged));
        int autoencoderEpochs = epochs != null ? epochs : TrainingDefaults.AUTOENCODER_EPOCHS;
        ClassifierRecipe guideRecipe = ClassifierRecipe.guide(TrainingDefaults.augmentation(packaged));
        guideRecipe = guideRecipe.withEpochs(guidanceEpochs != null ? guidanceEpochs : guideRecipe.epochs());
        if (autoencoderEpochs < 1 || guideRecipe.epochs() < 0) {
            throw new UsageException("--epochs must be at least 1 and --guidance-epochs at least 0");
        }
        if (trainGuidance && guidance.kind() != Guidance.Kind.CE) {
            throw new UsageException("--train-guidance works with --guidance ce only: a guide learning to match raw and"
                    + " decoded images would learn to see nothing");
        }
        ImageSet trainSet = DatasetSplit.read(data.directory(), source, "train", images.limit(), spec);
        TrainingImages train = TrainingImages.of(trainSet);
        Path checkpoint = Path.of(out + ".ckpt");
        ModelTrainingJob training = new ModelTrainingJob(new ModelTrainingJob.Settings(guidance, autoencoderEpochs, batch.size(), seed)
                .withGuideRecipe(guideRecipe).withTrainGuidance(trainGuidance).withCheckpointEvery(checkpointEvery)
                .withDevice(deviceOption.device()).withRateWeight(rateWeight.weight()), checkpoint,
                List.of(TrainingProgressBar.forConsole(System.err), new MetricsLogListener(Path.of(out + ".metrics.jsonl"))));
        ModelStore.SavedModel saved = ModelTrainingJob.checkpointToResume(checkpoint, resume);
        CdcModel model;
        TrainingState state;
        byte[] optimizerState = null;
        if (saved != null) {
            model = saved.model();
            state = saved.state();
            optimizerState = saved.optimizerState();
            spec.commandLine().getErr().printf("resuming %s at stage %s, epoch %d, step %d%n", checkpoint, state.stage(),
                    state.epoch() + 1, state.batch());
        } else {
            ModelConfig config = new ModelConfig(train.shape(), train.classNames(),
                    latentChannels != null ? latentChannels : TrainingDefaults.latentChannels(packaged), width, bits);
            model = CdcModel.create(config, guideRecipe.spec(), seed);
            state = training.firstState();
        }
        Provenance provenance = ProvenanceFactory.create(source.label() + "/train", seed,
                settings(guidance, autoencoderEpochs, guideRecipe.epochs()), null);
        long started = System.nanoTime();
        training.run(train, model, state, optimizerState, provenance);
        // The entropy coder's tables, from the codes the trained encoder gives the training set.
        model.useCodeTables(CodeTableFitting.fit(model, train));
        double seconds = (System.nanoTime() - started) / 1e9;
        ModelStore.saveModel(out, model, provenance, TrainingState.FINISHED, null);
        Files.deleteIfExists(checkpoint);
        double guideAccuracy = Evaluation.accuracy(model.guidance(),
                TrainingImages.of(DatasetSplit.read(data.directory(), source, "test", null, spec)));
        TrainReport report = new TrainReport(out.toString(), model.fingerprint().toString(), model.config().bits(),
                model.config().latentShape(), model.config().codec().recordBytesExact(model.config().latentElements()),
                guideAccuracy, seconds, checkpoint.toString());
        print(report);
        return ExitCodes.OK;
    }

    private Map<String, Object> settings(Guidance guidance, int autoencoderEpochs, int guidanceEpochs) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("guidance", guidance.kind().id());
        settings.put("lambda", guidance.lambda());
        settings.put("temperature", guidance.temperature());
        settings.put("epochs", autoencoderEpochs);
        settings.put("guidanceEpochs", guidanceEpochs);
        settings.put("trainGuidance", trainGuidance);
        settings.put("rateWeight", rateWeight.weight());
        settings.put("batch", batch.size());
        settings.put("images", images.limit() == null ? "all" : images.limit());
        return settings;
    }

    private void print(TrainReport r) {
        PrintWriter stdout = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(stdout, r);
            return;
        }
        stdout.printf("model %s: k=%d, latent %s = %d bytes of codes per image, fingerprint %s%n", r.model(), r.bits(),
                Arrays.toString(r.latentShape()), r.recordBytes(), r.fingerprint());
        stdout.printf("trained in %.0f s; guidance classifier %.2f%% on raw test images%n", r.seconds(),
                100 * r.guidanceTestAccuracy());
        stdout.flush();
    }
}
