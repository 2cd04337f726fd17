package dev.cdc.training.sweep;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cdc.core.data.ImageSet;
import dev.cdc.core.data.KnownDataset;
import dev.cdc.core.data.ValidationSplit;
import dev.cdc.core.io.AtomicFiles;
import dev.cdc.training.ComputeDevice;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.experiment.Accuracy;
import dev.cdc.training.experiment.CodecTrial;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.Classifier;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.train.AutoencoderTraining;
import dev.cdc.training.train.ClassifierTraining;
import dev.cdc.training.train.EpochLogListener;
import dev.cdc.training.train.Evaluation;
import dev.cdc.training.train.FitOptions;
import dev.cdc.training.train.Guidance;
import dev.cdc.training.train.MetricsLogListener;
import dev.cdc.training.train.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a {@link SweepConfig}: the guide trained once on the training part (its validation
 * accuracy recorded every epoch, to see its plateau), the cloud classifier on the raw training
 * part once per seed (the baseline), then every combination on {@code jobs} threads. The JSON and
 * the table are rewritten after every combination, so a long sweep's finished rows survive.
 */
public final class Sweep {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final SweepConfig config;
    private final Path dataRoot;
    private final Path outDir;
    private final PrintStream log;
    private final int jobs;
    private final Map<String, Object> provenance;
    private final List<TrainingListener> listeners;

    public Sweep(SweepConfig config, Path dataRoot, Path outDir, PrintStream log, int jobs, Map<String, Object> provenance) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs " + jobs + " is not valid: expected at least 1");
        }
        this.config = config;
        this.dataRoot = dataRoot;
        this.outDir = outDir;
        this.log = log;
        this.jobs = jobs;
        this.provenance = provenance;
        this.listeners = List.of(new EpochLogListener(log), new MetricsLogListener(outDir.resolve("metrics.jsonl")));
    }

    /** One combination to run. */
    private record Combination(int latentChannels, int bits, Guidance guidance) {
    }

    public SweepResult run() throws IOException {
        long started = System.nanoTime();
        ImageSet all = KnownDataset.fromId(config.dataset()).readTrain(dataRoot).head(config.trainImages());
        ValidationSplit split = ValidationSplit.of(all, config.validationImages(), config.seeds().get(0));
        TrainingImages train = TrainingImages.of(split.train());
        TrainingImages validation = TrainingImages.of(split.validation());
        Files.createDirectories(outDir);
        Files.deleteIfExists(outDir.resolve("metrics.jsonl"));
        log.printf("sweep on %s: %d training images, %d validation images held out of them, %d jobs%n", config.dataset(),
                train.count(), validation.count(), jobs);

        List<Double> guideCurve = Collections.synchronizedList(new ArrayList<>());
        List<TrainingListener> guideListeners = new ArrayList<>(listeners);
        Classifier[] guideHolder = new Classifier[1];
        guideListeners.add(new TrainingListener() {
            @Override
            public void onEpochEnd(EpochEvent event) {
                double accuracy = Evaluation.accuracy(guideHolder[0], validation);
                guideCurve.add(accuracy);
                log.printf("guide after epoch %d: %.2f%% on validation images%n", event.epoch() + 1, 100 * accuracy);
            }
        });
        Classifier guide = dev.cdc.training.model.TorchSeed.seeded(config.seeds().get(0),
                () -> new Classifier(config.guideRecipe().spec(), train.shape(), train.classes()));
        guideHolder[0] = guide;
        ClassifierTraining.train("guidance classifier (raw)", guide, config.guideRecipe(), train, config.seeds().get(0),
                dev.cdc.training.distributed.Collective.SINGLE, guideListeners);

        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
            List<Future<Double>> rawRuns = new ArrayList<>();
            for (long seed : config.seeds()) {
                rawRuns.add(pool.submit(() -> CodecTrial.cloudAccuracies(train, validation, validation, config.cloudRecipe(),
                        seed, "raw", ComputeDevice.CPU, listeners).raw()));
            }
            List<Future<SweepRow>> pending = new ArrayList<>();
            for (int channels : config.latentChannels()) {
                for (int k : config.bits()) {
                    for (Guidance guidance : config.guidances()) {
                        Combination combination = new Combination(channels, k, guidance);
                        pending.add(pool.submit(() -> run(combination, guide, train, validation)));
                    }
                }
            }
            Accuracy raw = Accuracy.of(collect(rawRuns));
            log.printf("raw: %s on validation images%n", raw.format());
            List<SweepRow> rows = new ArrayList<>();
            for (Future<SweepRow> row : pending) {
                rows.add(get(row));
                SweepResult partial = new SweepResult(config, train.count(), validation.count(), List.copyOf(guideCurve), raw,
                        List.copyOf(rows), seconds(started), provenance);
                write(partial);
            }
            SweepResult result = new SweepResult(config, train.count(), validation.count(), List.copyOf(guideCurve), raw, rows,
                    seconds(started), provenance);
            write(result);
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    private SweepRow run(Combination c, Classifier guide, TrainingImages train, TrainingImages validation) throws IOException {
        long start = System.nanoTime();
        List<Double> raw = new ArrayList<>();
        List<Double> codec = new ArrayList<>();
        List<Double> guideSeen = new ArrayList<>();
        double bytesPerImage = 0;
        String tag = "c" + c.latentChannels() + "-k" + c.bits() + "-" + c.guidance().kind().id() + "-" + c.guidance().lambda();
        for (long seed : config.seeds()) {
            ModelConfig modelConfig = new ModelConfig(train.shape(), train.classNames(), c.latentChannels(), 32, c.bits());
            CdcModel model = CdcModel.create(modelConfig, guide.spec(), seed);
            CdcModel.copyParameters(guide, model.guidance());
            AutoencoderTraining.train(model, train, c.guidance(), false, AutoencoderTraining.LEARNING_RATE,
                    new FitOptions(config.autoencoderEpochs(), config.batchSize(), seed), listeners);
            CodecTrial.Result result = CodecTrial.run(model, train, validation,
                    outDir.resolve("shards").resolve(tag + "-seed" + seed + ".cdc"), config.dataset() + "/train", config.cloudRecipe(),
                    seed, tag, listeners, log::println);
            Files.deleteIfExists(outDir.resolve("shards").resolve(tag + "-seed" + seed + ".cdc"));
            bytesPerImage = result.bytesPerImage();
            raw.add(result.raw());
            codec.add(result.codec());
            guideSeen.add(result.guide());
            log.printf("%s (seed %d): %.1f bytes/image, R %.2f%%, C %.2f%%, guide on decoded %.2f%%%n", tag, seed,
                    result.bytesPerImage(), 100 * result.raw(), 100 * result.codec(), 100 * result.guide());
        }
        return new SweepRow(c.guidance().guided() ? c.guidance().kind().id() : "none", c.guidance().lambda(),
                c.guidance().temperature(), c.latentChannels(), c.bits(), bytesPerImage,
                train.shape().pixels() / bytesPerImage, Accuracy.of(raw), Accuracy.of(codec), Accuracy.of(guideSeen),
                seconds(start));
    }

    private void write(SweepResult result) throws IOException {
        AtomicFiles.write(outDir.resolve("sweep.json"), MAPPER.writeValueAsBytes(result));
        AtomicFiles.write(outDir.resolve("sweep.md"), SweepReport.table(result).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A {@code sweep.json} written by a sweep. */
    public static SweepResult read(Path file) throws IOException {
        try {
            return MAPPER.readValue(file.toFile(), SweepResult.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new dev.cdc.core.CdcFormatException(file, "not a sweep's sweep.json: " + e.getOriginalMessage());
        }
    }

    private static List<Double> collect(List<Future<Double>> futures) throws IOException {
        List<Double> values = new ArrayList<>();
        for (Future<Double> f : futures) {
            values.add(get(f));
        }
        return values;
    }

    private static <T> T get(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
