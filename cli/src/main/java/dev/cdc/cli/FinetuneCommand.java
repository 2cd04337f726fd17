package dev.cdc.cli;

import dev.cdc.core.data.ImageSet;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.job.ModelTrainingJob;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.pipeline.CodeTableFitting;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.store.Provenance;
import dev.cdc.training.store.TrainingStage;
import dev.cdc.training.store.TrainingState;
import dev.cdc.training.train.AutoencoderTraining;
import dev.cdc.training.train.Guidance;
import dev.cdc.training.train.MetricsLogListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cdc finetune}: adapt a trained model to another bit width in a fraction of its training. */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "Start from a model trained at one k and adapt it to another: a short run at a lower learning rate with"
                + " the new quantizer in the loop, the guidance classifier kept.")
public final class FinetuneCommand implements Callable<Integer>, LibTorchCommand {
    @Spec
    CommandSpec spec;
    @Mixin
    DataOptions data;
    @Mixin
    JsonOutput json;
    @Option(names = "--from", required = true, paramLabel = "MODEL", description = "The trained model (.cdcm).")
    Path from;
    @Option(names = "--dataset", paramLabel = "DATA", description = "The training images, named as on every command"
            + " (default: the packaged data set the model was trained on).")
    String datasetName;
    @Mixin
    FolderOptions folderOptions;
    @Option(names = "--bits", required = true, paramLabel = "K", description = "The new bit width, 1..8.")
    int bits;
    @Option(names = "--epochs", defaultValue = "1", paramLabel = "E",
            description = "Fine-tuning epochs (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Mixin
    GuidanceOptions guidanceOptions;
    @Mixin
    FirstImagesOption images;
    @Mixin
    BatchOption batch;
    @Mixin
    DeviceOption deviceOption;
    @Mixin
    RateWeightOption rateWeight;
    @Option(names = "--resume", description = "Continue from OUT.ckpt, left by a run that was stopped.")
    boolean resume;
    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Where the fine-tuned model goes.")
    Path out;

    /** What {@code --json} prints. */
    public record FinetuneReport(String model, String from, int fromBits, int bits, String fingerprint, double seconds) {
    }

    @Override
    public Integer call() throws IOException {
        if (epochs < 1) {
            throw new UsageException("--epochs " + epochs + " is not valid: expected at least 1");
        }
        ModelStore.SavedModel source = ModelStore.loadModel(from);
        String dataset = DatasetSplit.forModel(datasetName, from, source.provenance().dataset());
        Guidance guidance;
        try {
            guidance = guidanceOptions.resolve(Guidance.fromSettings(source.provenance().settings()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(from + ": its provenance names an invalid guidance: " + e.getMessage());
        }
        ImageSet trainSet = DatasetSplit.read(data.directory(), folderOptions.apply(DatasetSplit.source(dataset)), "train",
                images.limit(), spec);
        Path checkpoint = Path.of(out + ".ckpt");
        ModelStore.SavedModel saved = ModelTrainingJob.checkpointToResume(checkpoint, resume);
        CdcModel model = saved != null ? saved.model() : source.model().copyWithBits(bits);
        TrainingState state = saved != null ? saved.state() : TrainingState.startOf(TrainingStage.AUTOENCODER);
        Map<String, Object> settings = new LinkedHashMap<>(source.provenance().settings());
        settings.put("guidance", guidance.kind().id());
        settings.put("lambda", guidance.lambda());
        settings.put("temperature", guidance.temperature());
        settings.put("finetuneEpochs", epochs);
        settings.put("rateWeight", rateWeight.weight());
        settings.put("fromBits", source.model().config().bits());
        Provenance provenance = ProvenanceFactory.create(DatasetSplit.source(dataset).label() + "/train", source.provenance().seed(), settings,
                source.model().fingerprint().toString());
        long started = System.nanoTime();
        ModelTrainingJob.Settings job = new ModelTrainingJob.Settings(guidance, epochs, batch.size(), source.provenance().seed() + bits)
                .withLearningRate(AutoencoderTraining.FINETUNE_LEARNING_RATE).withDevice(deviceOption.device())
                .withRateWeight(rateWeight.weight());
        new ModelTrainingJob(job, checkpoint,
                List.of(TrainingProgressBar.forConsole(System.err), new MetricsLogListener(Path.of(out + ".metrics.jsonl"))))
                .run(TrainingImages.of(trainSet), model, state, saved != null ? saved.optimizerState() : null, provenance);
        // The entropy coder's tables for the new k, from the training set's codes.
        model.useCodeTables(CodeTableFitting.fit(model, TrainingImages.of(trainSet)));
        double seconds = (System.nanoTime() - started) / 1e9;
        ModelStore.saveModel(out, model, provenance, TrainingState.FINISHED, null);
        Files.deleteIfExists(checkpoint);
        FinetuneReport report = new FinetuneReport(out.toString(), from.toString(), source.model().config().bits(), bits,
                model.fingerprint().toString(), seconds);
        PrintWriter stdout = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(stdout, report);
        } else {
            stdout.printf("fine-tuned %s (k=%d) to k=%d in %.0f s: %s, fingerprint %s%n", from, report.fromBits(), bits,
                    seconds, out, report.fingerprint());
            stdout.flush();
        }
        return ExitCodes.OK;
    }
}
