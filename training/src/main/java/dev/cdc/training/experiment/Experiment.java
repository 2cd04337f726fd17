package dev.cdc.training.experiment;

import dev.cdc.core.baseline.JpegBaseline;
import dev.cdc.core.data.DatasetSource;
import dev.cdc.core.data.ImageSet;
import dev.cdc.training.ComputeDevice;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.Classifier;
import dev.cdc.training.model.ImageShape;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.pipeline.CodeTableFitting;
import dev.cdc.training.pipeline.CodecPassage;
import dev.cdc.training.plot.ReconstructionGrid;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.store.Provenance;
import dev.cdc.training.store.TrainingState;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The paper's comparison on one data set: a cloud classifier trained on raw images, on images
 * from the unguided autoencoder and on images from CDC at every k, and on JPEG at matched bytes.
 * Each is tested on the raw test images (protocol R) and on the test images passed through the
 * row's own codec (protocol C). Bytes per image come from the real shard files. The raw row and
 * the base width's rows run once per seed, the whole row each time; independent rows run side
 * by side on {@code jobs} threads, each seeded on its own, so the results do not depend on it.
 */
public final class Experiment {
    private final ExperimentConfig config;
    private final Path dataRoot;
    private final Path outDir;
    private final PrintStream log;
    private final int jobs;
    private ComputeDevice device = ComputeDevice.CPU;
    private final DatasetSource source;
    private final List<TrainingListener> listeners;
    private final Supplier<Provenance> provenance;

    public Experiment(ExperimentConfig config, DatasetSource source, Path dataRoot, Path outDir, PrintStream log, int jobs,
            Function<Map<String, Object>, Provenance> provenanceFactory) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs " + jobs + " is not valid: expected at least 1");
        }
        this.config = config;
        this.source = source;
        this.dataRoot = dataRoot;
        this.outDir = outDir;
        this.log = log;
        this.jobs = jobs;
        // Lines, not a progress bar: several jobs print at once.
        this.listeners = List.of(new EpochLogListener(log), new MetricsLogListener(outDir.resolve("metrics.jsonl")));
        this.provenance = () -> provenanceFactory.apply(settings());
    }

    /** Runs every model of the experiment on {@code device} (default: the CPU); the results do not depend on it beyond rounding. */
    public Experiment on(ComputeDevice device) {
        this.device = device;
        return this;
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("guidance", config.guidance().kind().id());
        settings.put("lambda", config.guidance().lambda());
        settings.put("temperature", config.guidance().temperature());
        settings.put("latentChannels", config.latentChannels());
        settings.put("width", config.width());
        settings.put("autoencoderEpochs", config.autoencoderEpochs());
        settings.put("finetuneEpochs", config.finetuneEpochs());
        settings.put("batchSize", config.batchSize());
        settings.put("trainGuidance", config.trainGuidance());
        settings.put("rateWeight", config.rateWeight());
        return settings;
    }

    /** The data the rows share (and the guide, once trained; the raw rows run without it). */
    private record Data(ImageSet trainSet, ImageSet testSet, TrainingImages train, TrainingImages test, Classifier guide) {
        ImageShape shape() {
            return train.shape();
        }
    }

    /** The trained guide and its accuracy on the raw test images. */
    private record Guide(Classifier classifier, double accuracy) {
    }

    /** One seed's measurement of a row. */
    private record Run(double bytesPerImage, double raw, double codec, double trainSeconds, double wallSeconds,
            double ransBytesPerImage) {
        /** The same run counted at its records' rANS-coded size. */
        Run rans() {
            return new Run(ransBytesPerImage, raw, codec, trainSeconds, wallSeconds, ransBytesPerImage);
        }
    }

    /** A trained autoencoder and how long it took. */
    private record Trained(CdcModel model, double seconds) {
    }

    public ExperimentResult run() throws IOException {
        long started = System.nanoTime();
        Consumer<String> warn = warning -> log.println("warning: " + warning);
        ImageSet trainSet = source.read(dataRoot, DatasetSource.Split.TRAIN, warn).head(config.trainImages());
        ImageSet testSet = source.read(dataRoot, DatasetSource.Split.TEST, warn).head(config.testImages());
        TrainingImages train = TrainingImages.of(trainSet);
        TrainingImages test = TrainingImages.of(testSet);
        Files.createDirectories(outDir);
        Files.deleteIfExists(outDir.resolve("metrics.jsonl"));
        log.printf("experiment on %s: %d training images, %d test images, k in %s, guidance %s, latent %s, seeds %s, %d jobs%n",
                config.dataset(), train.count(), test.count(), config.bits(), config.guidance().label(), config.latentChannels()
                        + "x" + train.shape().latentHeight() + "x" + train.shape().latentWidth(), config.seeds(), jobs);

        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
            // The raw rows need no guide: they train while it does.
            CompletableFuture<Guide> guide = CompletableFuture.supplyAsync(() -> {
                Classifier classifier = ClassifierTraining.train("guidance classifier (raw)", config.guideRecipe(), train,
                        train.classes(), config.firstSeed(), device, listeners);
                double accuracy = Evaluation.accuracy(classifier, test);
                log.printf("guidance classifier: %.2f%% on raw test images%n", 100 * accuracy);
                return new Guide(classifier, accuracy);
            }, pool);
            List<CompletableFuture<ExperimentRow>> rows = new ArrayList<>();
            rows.add(rawRow(new Data(trainSet, testSet, train, test, null), pool));
            CompletableFuture<Data> data = guide.thenApply(g -> new Data(trainSet, testSet, train, test, g.classifier()));
            Map<String, CompletableFuture<List<ExperimentRow>>> autoencoders = new LinkedHashMap<>();
            for (String method : List.of("cdc", "unguided")) {
                autoencoders.put(method, data.thenCompose(d -> autoencoderRows(method, d, pool)));
            }
            CompletableFuture<List<ExperimentRow>> jpeg = autoencoders.get("cdc").thenCombineAsync(data,
                    (cdc, d) -> jpegRows(cdc, d), pool);
            CompletableFuture<ExperimentRow> scratch = config.compareScratch()
                    ? data.thenApplyAsync(this::scratchComparison, pool) : null;
            List<ExperimentRow> measured = new ArrayList<>();
            for (CompletableFuture<ExperimentRow> row : rows) {
                measured.add(row.join());
            }
            measured.addAll(autoencoders.get("cdc").join());
            measured.addAll(autoencoders.get("unguided").join());
            if (scratch != null) {
                measured.add(scratch.join());
            }
            measured.addAll(jpeg.join());
            return finish(measured, train, test, guide.join().accuracy(), started);
        } catch (CompletionException e) {
            throw unwrap(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private ExperimentResult finish(List<ExperimentRow> measured, TrainingImages train, TrainingImages test,
            double guideAccuracy, long started) throws IOException {
        List<ExperimentRow> table = ExperimentReport.compared(measured);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("json", outDir.resolve("results.json").toString());
        files.put("plot", outDir.resolve("accuracy-vs-bytes.png").toString());
        files.put("reconstructions", outDir.resolve("reconstructions.png").toString());
        files.put("models", outDir.resolve("models").toString());
        files.put("shards", outDir.resolve("shards").toString());
        files.put("metrics", outDir.resolve("metrics.jsonl").toString());
        Map<String, Object> runProvenance = new LinkedHashMap<>();
        Provenance p = provenance.get();
        runProvenance.put("cdc", p.cdc());
        runProvenance.put("libtorch", p.libtorch());
        runProvenance.put("java", p.java());
        runProvenance.put("createdUtc", p.createdUtc());
        runProvenance.put("jobs", jobs);
        ExperimentResult result = new ExperimentResult(config, train.count(), test.count(), train.classNames(), guideAccuracy,
                table,
                ExperimentReport.targets(table), files, seconds(started), runProvenance);
        ExperimentReport.writeJson(outDir.resolve("results.json"), result);
        AccuracyBytesPlot.write(outDir.resolve("accuracy-vs-bytes.png"), result);
        return result;
    }

    private static IOException unwrap(CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UncheckedIOException io) {
            return io.getCause();
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause);
    }

    /** The cloud classifier on raw images, once per seed: the baseline every loss is measured against. */
    private CompletableFuture<ExperimentRow> rawRow(Data data, ExecutorService pool) {
        List<CompletableFuture<Run>> runs = new ArrayList<>();
        for (long seed : config.seeds()) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                double accuracy = CodecTrial.cloudAccuracies(data.train(), data.test(), data.test(), config.cloudRecipe(), seed,
                        "raw", device, listeners).raw();
                log.printf("raw (seed %d): %.2f%%%n", seed, 100 * accuracy);
                return new Run(data.shape().pixels(), accuracy, accuracy, 0, seconds(start), Double.NaN);
            }, pool));
        }
        return all(runs).thenApply(done -> row(data, "raw", 8, "8-bit pixels", done));
    }

    /**
     * The autoencoder trained from scratch at the base width (once per seed), then fine-tuned
     * from the first seed's to every other width, each row measured by a cloud classifier on its
     * decoded training images.
     */
    private CompletableFuture<List<ExperimentRow>> autoencoderRows(String method, Data data, ExecutorService pool) {
        Guidance guidance = method.equals("cdc") ? config.guidance() : Guidance.none();
        int base = config.baseBits();
        List<CompletableFuture<Trained>> bases = new ArrayList<>();
        List<CompletableFuture<Run>> baseRuns = new ArrayList<>();
        for (long seed : config.seeds()) {
            CompletableFuture<Trained> trained = CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                CdcModel model = newModel(data, base, seed);
                AutoencoderTraining.train(model, data.train(), guidance, config.trainGuidance(), config.rateWeight(),
                        AutoencoderTraining.LEARNING_RATE,
                        new FitOptions(config.autoencoderEpochs(), config.batchSize(), seed), listeners);
                fitCodeTables(model, data);
                save(model, tag(method, base, seed), method, guidance, "from scratch", seed);
                return new Trained(model, seconds(start));
            }, pool);
            bases.add(trained);
            baseRuns.add(trained.thenApplyAsync(t -> {
                if (seed == config.firstSeed() && method.equals("cdc")) {
                    writeGrid(t.model(), data);
                }
                return measure(method, tag(method, base, seed), t.model(), t.seconds(), data, seed);
            }, pool));
        }
        List<CompletableFuture<List<ExperimentRow>>> rows = new ArrayList<>();
        rows.add(all(baseRuns).thenApply(runs -> rowsOf(data, method, base, "trained from scratch", runs)));
        CompletableFuture<Trained> first = bases.get(0);
        for (int k : config.bits().subList(1, config.bits().size())) {
            String setting = "fine-tuned from k=" + base;
            rows.add(first.thenApplyAsync(t -> {
                long start = System.nanoTime();
                CdcModel model = t.model().copyWithBits(k);
                AutoencoderTraining.train(model, data.train(), guidance, config.trainGuidance(), config.rateWeight(),
                        AutoencoderTraining.FINETUNE_LEARNING_RATE,
                        new FitOptions(config.finetuneEpochs(), config.batchSize(), config.firstSeed() + k), listeners);
                fitCodeTables(model, data);
                double trainSeconds = seconds(start);
                save(model, tag(method, k, config.firstSeed()), method, guidance, setting, config.firstSeed());
                return rowsOf(data, method, k, setting,
                        List.of(measure(method, tag(method, k, config.firstSeed()), model, trainSeconds, data, config.firstSeed())));
            }, pool));
        }
        return all(rows).thenApply(lists -> lists.stream().flatMap(List::stream).toList());
    }

    /**
     * The entropy coder's tables from the training set's codes, as {@code cdc train} and
     * {@code finetune} fit them (part of the model and its fingerprint from here on).
     */
    private static void fitCodeTables(CdcModel model, Data data) {
        model.useCodeTables(CodeTableFitting.fit(model, data.train()));
    }

    /**
     * A method's row and, for CDC, the same records rANS-coded with the model's code tables
     * ({@code cdc+rans}): the same codes and accuracies, the bytes of the coded shard.
     */
    private static List<ExperimentRow> rowsOf(Data data, String method, int bits, String setting, List<Run> runs) {
        List<ExperimentRow> rows = new ArrayList<>();
        rows.add(row(data, method, bits, setting, runs));
        if (method.equals("cdc") && !Double.isNaN(runs.get(0).ransBytesPerImage())) {
            rows.add(row(data, "cdc+rans", bits, setting + ", rANS-coded", runs.stream().map(Run::rans).toList()));
        }
        return rows;
    }

    /** Encodes the training images to a real shard, decodes them, trains and tests a cloud classifier. */
    private Run measure(String method, String tag, CdcModel model, double trainSeconds, Data data, long seed) {
        long start = System.nanoTime();
        try {
            CodecTrial.Result result = CodecTrial.run(model, data.train(), data.test(),
                    outDir.resolve("shards").resolve(tag + "-train.cdc"), config.dataset() + "/train", config.cloudRecipe(), seed,
                    method + " k=" + model.config().bits(), listeners, log::println);
            log.printf("%s k=%d (seed %d): %.1f bytes/image (%.1fx; rANS-coded %.1f), R %.2f%%, C %.2f%%%n", method,
                    model.config().bits(), seed, result.bytesPerImage(), data.trainSet().imageSize() / result.bytesPerImage(),
                    result.ransBytesPerImage(), 100 * result.raw(), 100 * result.codec());
            return new Run(result.bytesPerImage(), result.raw(), result.codec(), trainSeconds, trainSeconds + seconds(start),
                    result.ransBytesPerImage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CDC at one fine-tuned width trained again from scratch with the full epochs, so that the
     * table shows what the fine-tune saves in time and costs (or not) in accuracy.
     */
    private ExperimentRow scratchComparison(Data data) {
        int k = config.bits().contains(4) && config.baseBits() != 4 ? 4 : config.bits().get(config.bits().size() - 1);
        long seed = config.firstSeed();
        long start = System.nanoTime();
        CdcModel model = newModel(data, k, seed);
        AutoencoderTraining.train(model, data.train(), config.guidance(), config.trainGuidance(), config.rateWeight(),
                AutoencoderTraining.LEARNING_RATE,
                new FitOptions(config.autoencoderEpochs(), config.batchSize(), seed), listeners);
        fitCodeTables(model, data);
        double trainSeconds = seconds(start);
        save(model, "cdc-k" + k + "-scratch", "cdc", config.guidance(), "from scratch, for comparison", seed);
        Run run = measure("cdc", "cdc-k" + k + "-scratch", model, trainSeconds, data, seed);
        return row(data, "cdc", k, "trained from scratch (compare the fine-tuned row)", List.of(run));
    }

    /**
     * JPEG at the quality whose bytes come closest to CDC's at the base width (at these sizes
     * JPEG cannot go smaller than its lowest quality, so one row says what it costs).
     */
    private List<ExperimentRow> jpegRows(List<ExperimentRow> cdc, Data data) {
        List<ExperimentRow> rows = new ArrayList<>();
        cdc.stream().filter(r -> r.bits() == config.baseBits() && !r.scratchComparison()).findFirst().ifPresent(match -> {
            float quality = JpegBaseline.qualityFor(data.trainSet().head(500), match.bytesPerImage(), 1);
            rows.add(jpegRow(data, quality, config.baseBits()));
        });
        return rows;
    }

    private ExperimentRow jpegRow(Data data, float quality, int k) {
        long start = System.nanoTime();
        JpegBaseline.Result jpeg = JpegBaseline.run(data.trainSet(), quality);
        JpegBaseline.Result jpegTest = JpegBaseline.run(data.testSet(), quality);
        CodecTrial.Accuracies accuracies = CodecTrial.cloudAccuracies(TrainingImages.of(withPixels(data.trainSet(),
                jpeg.decoded())), data.test(), TrainingImages.of(withPixels(data.testSet(), jpegTest.decoded())),
                config.cloudRecipe(), config.firstSeed(), "jpeg q=" + quality, device, listeners);
        double bytesPerImage = jpeg.bytesPerImage(1);
        log.printf("jpeg q=%.2f (matching cdc k=%d): %.1f bytes/image, R %.2f%%, C %.2f%%%n", quality, k, bytesPerImage,
                100 * accuracies.raw(), 100 * accuracies.codec());
        return row(data, "jpeg", 0, String.format("quality %.2f, matched to cdc k=%d", quality, k), List.of(new Run(bytesPerImage,
                accuracies.raw(), accuracies.codec(), 0, seconds(start), Double.NaN)));
    }

    private static ImageSet withPixels(ImageSet set, byte[] pixels) {
        return new ImageSet(set.channels(), set.height(), set.width(), pixels, set.labels(), set.classes());
    }

    /** A row from its runs, one per seed: accuracies as mean and spread, bytes and times of the first. */
    private static ExperimentRow row(Data data, String method, int bits, String setting, List<Run> runs) {
        Run first = runs.get(0);
        double wall = runs.stream().mapToDouble(Run::wallSeconds).sum();
        return ExperimentRow.measured(method, bits, setting, first.bytesPerImage(),
                data.trainSet().imageSize() / first.bytesPerImage(), Accuracy.of(runs.stream().map(Run::raw).toList()),
                Accuracy.of(runs.stream().map(Run::codec).toList()), first.trainSeconds(), wall);
    }

    private CdcModel newModel(Data data, int bits, long seed) {
        ModelConfig modelConfig = new ModelConfig(data.shape(), data.train().classNames(), config.latentChannels(), config.width(),
                bits);
        CdcModel model = CdcModel.create(modelConfig, data.guide().spec(), seed).moveTo(device);
        CdcModel.copyParameters(data.guide(), model.guidance());
        return model;
    }

    private String tag(String method, int k, long seed) {
        return method + "-k" + k + (seed == config.firstSeed() ? "" : "-seed" + seed);
    }

    private static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(done -> futures.stream().map(CompletableFuture::join).toList());
    }

    private void save(CdcModel model, String tag, String method, Guidance guidance, String setting, long seed) {
        Provenance base = provenance.get();
        Map<String, Object> settings = new LinkedHashMap<>(base.settings());
        settings.put("method", method);
        settings.put("setting", setting);
        settings.put("guidance", guidance.kind().id());
        settings.put("lambda", guidance.lambda());
        Provenance p = new Provenance(config.dataset() + "/train", seed, settings, null, base.cdc(), base.libtorch(),
                base.java(), Instant.now().toString());
        try {
            ModelStore.saveModel(outDir.resolve("models").resolve(tag + ".cdcm"), model, p,
                    TrainingState.FINISHED, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeGrid(CdcModel model, Data data) {
        int count = Math.min(16, data.test().count());
        int pixels = data.shape().pixels();
        float[] originals = new float[count * pixels];
        for (int i = 0; i < count; i++) {
            data.testSet().copyScaled(i, originals, i * pixels);
        }
        TrainingImages firstImages = TrainingImages.of(data.shape(), originals, new int[count], data.test().classes());
        TrainingImages passed = CodecPassage.apply(model, firstImages);
        float[] reconstructions = new float[count * pixels];
        for (int i = 0; i < count; i++) {
            passed.copy(i, reconstructions, i * pixels);
        }
        try {
            ReconstructionGrid.write(outDir.resolve("reconstructions.png"), data.shape(), originals, reconstructions, count, 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
