package dev.cdc.training.experiment;

import static org.bytedeco.pytorch.global.torch.manual_seed;

import dev.cdc.core.baseline.JpegBaseline;
import dev.cdc.core.data.ImageSet;
import dev.cdc.core.data.KnownDataset;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.Classifier;
import dev.cdc.training.model.ImageShape;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.model.Tensors;
import dev.cdc.training.pipeline.ReconstructionGrid;
import dev.cdc.training.pipeline.ShardDecoder;
import dev.cdc.training.pipeline.ShardEncoder;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.store.Provenance;
import dev.cdc.training.store.TrainingState;
import dev.cdc.training.train.Evaluation;
import dev.cdc.training.train.FitOptions;
import dev.cdc.training.train.MetricsLogListener;
import dev.cdc.training.train.EpochLogListener;
import dev.cdc.training.train.Runs;
import dev.cdc.training.train.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * The paper's comparison on one data set: a cloud classifier trained on raw images, on images
 * from the unguided autoencoder and on images from CDC at every k, and on JPEG at matched bytes,
 * each evaluated on the untouched raw test set. Bytes per image come from the real shard files.
 */
public final class Experiment {
    private final ExperimentConfig config;
    private final Path dataRoot;
    private final Path outDir;
    private final PrintStream log;
    private final List<TrainingListener> listeners;
    private final Supplier<Provenance> provenance;

    public Experiment(ExperimentConfig config, Path dataRoot, Path outDir, PrintStream log,
            Function<Map<String, Object>, Provenance> provenanceFactory) {
        this.config = config;
        this.dataRoot = dataRoot;
        this.outDir = outDir;
        this.log = log;
        this.listeners = List.of(EpochLogListener.forConsole(log), new MetricsLogListener(outDir.resolve("metrics.jsonl")));
        this.provenance = () -> provenanceFactory.apply(settings());
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("lambda", config.lambda());
        settings.put("latentChannels", config.latentChannels());
        settings.put("width", config.width());
        settings.put("autoencoderEpochs", config.autoencoderEpochs());
        settings.put("finetuneEpochs", config.finetuneEpochs());
        settings.put("batchSize", config.batchSize());
        settings.put("trainGuidance", config.trainGuidance());
        return settings;
    }

    public ExperimentResult run() throws IOException {
        long started = System.nanoTime();
        KnownDataset dataset = KnownDataset.fromId(config.dataset());
        ImageSet trainSet = dataset.readTrain(dataRoot).head(config.trainImages());
        ImageSet testSet = dataset.readTest(dataRoot).head(config.testImages());
        TrainingImages train = TrainingImages.of(trainSet);
        TrainingImages test = TrainingImages.of(testSet);
        ImageShape shape = train.shape();
        Files.createDirectories(outDir);
        Files.deleteIfExists(outDir.resolve("metrics.jsonl"));
        log.printf("experiment on %s: %d training images, %d test images, k in %s%n", dataset.id(), train.count(),
                test.count(), config.bits());

        Classifier guidance = trainClassifier(Classifier.guidance(shape, train.classes()), "guidance classifier (raw)",
                train, config.guidanceEpochs());
        log.printf("guidance classifier: %.2f%% on raw test images%n", 100 * Evaluation.accuracy(guidance, test));

        List<ExperimentRow> rows = new ArrayList<>();
        long rowStart = System.nanoTime();
        double rawAccuracy = cloudAccuracy(train, test, "cloud classifier (raw)");
        rows.add(new ExperimentRow("raw", 8, "8-bit pixels", shape.pixels(), 1.0, rawAccuracy, 0, null, 0, seconds(rowStart)));
        log.printf("raw: %.2f%%%n", 100 * rawAccuracy);

        Map<Integer, Double> cdcBytes = new LinkedHashMap<>();
        for (boolean guided : new boolean[] {true, false}) {
            for (ExperimentRow row : autoencoderRows(guided, shape, train, trainSet, test, testSet, guidance, rawAccuracy)) {
                rows.add(row);
                if (guided) {
                    cdcBytes.put(row.bits(), row.bytesPerImage());
                }
            }
        }
        rows.add(scratchComparison(shape, train, trainSet, test, guidance, rawAccuracy));
        Set<Float> jpegQualities = new HashSet<>();
        for (int k : List.of(config.baseBits(), 4)) {
            if (cdcBytes.containsKey(k)) {
                float quality = JpegBaseline.qualityFor(trainSet.head(500), cdcBytes.get(k), 1);
                if (jpegQualities.add(quality)) { // JPEG's floor may match two targets with one quality
                    rows.add(jpegRow(trainSet, test, quality, rawAccuracy, k));
                }
            }
        }
        List<ExperimentRow> table = ExperimentReport.withUnguidedRatios(rows);
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
        ExperimentResult result = new ExperimentResult(config, train.count(), test.count(), table,
                ExperimentReport.targets(table), files, seconds(started), runProvenance);
        ExperimentReport.writeJson(outDir.resolve("results.json"), result);
        ExperimentReport.writePlot(outDir.resolve("accuracy-vs-bytes.png"), result);
        return result;
    }

    /**
     * The autoencoder trained from scratch at the base width, then fine-tuned from it to every
     * other width, each row measured by a cloud classifier on its decoded training images.
     */
    private List<ExperimentRow> autoencoderRows(boolean guided, ImageShape shape, TrainingImages train, ImageSet trainSet,
            TrainingImages test, ImageSet testSet, Classifier guidance, double rawAccuracy) throws IOException {
        String method = guided ? "cdc" : "unguided";
        double lambda = guided ? config.lambda() : 0;
        ModelConfig modelConfig = new ModelConfig(shape, train.classes(), config.latentChannels(), config.width(),
                config.baseBits());
        CdcModel base = CdcModel.create(modelConfig, config.seed());
        CdcModel.copyParameters(guidance, base.guidance());
        long trainStart = System.nanoTime();
        Runs.autoencoder(base, train, lambda, config.trainGuidance(), Runs.AUTOENCODER_LEARNING_RATE,
                new FitOptions(config.autoencoderEpochs(), config.batchSize(), config.seed()), listeners);
        double baseSeconds = seconds(trainStart);
        save(base, method + "-k" + config.baseBits(), method, "from scratch");
        List<ExperimentRow> rows = new ArrayList<>();
        for (int k : config.bits()) {
            long start = System.nanoTime();
            CdcModel model = base;
            double trainSeconds = baseSeconds;
            String setting = "trained from scratch";
            if (k != config.baseBits()) {
                model = base.copyWithBits(k);
                long fineStart = System.nanoTime();
                Runs.autoencoder(model, train, lambda, config.trainGuidance(), Runs.FINETUNE_LEARNING_RATE,
                        new FitOptions(config.finetuneEpochs(), config.batchSize(), config.seed() + k), listeners);
                trainSeconds = seconds(fineStart);
                setting = "fine-tuned from k=" + config.baseBits();
                save(model, method + "-k" + k, method, setting);
            }
            // The base row's wall time includes its training, which happened before the loop.
            double earlier = k == config.baseBits() ? baseSeconds : 0;
            ExperimentRow row = evaluate(method, method + "-k" + k, model, setting, trainSeconds, train, trainSet, test,
                    rawAccuracy, start, earlier);
            rows.add(row);
            if (guided && k == config.baseBits()) {
                writeGrid(model, testSet, test);
            }
            log.printf("%s k=%d: %.1f bytes/image (%.1fx), %.2f%%%n", method, k, row.bytesPerImage(), row.ratio(),
                    100 * row.accuracy());
        }
        return rows;
    }

    private ExperimentRow evaluate(String method, String tag, CdcModel model, String setting, double trainSeconds,
            TrainingImages train, ImageSet trainSet, TrainingImages test, double rawAccuracy, long rowStart,
            double earlierSeconds) throws IOException {
        Path shard = outDir.resolve("shards").resolve(tag + "-train.cdc");
        long bytes = ShardEncoder.encode(model, train, shard, config.dataset() + "/train", ShardEncoder.DEFAULT_CHUNK, n -> {
        });
        ShardDecoder.Decoded decoded = ShardDecoder.decode(model, List.of(shard), log::println);
        double accuracy = cloudAccuracy(decoded.images(), test, "cloud classifier (" + method + " k=" + model.config().bits() + ")");
        double bytesPerImage = (double) bytes / decoded.records();
        return new ExperimentRow(method, model.config().bits(), setting, bytesPerImage, trainSet.imageSize() / bytesPerImage,
                accuracy, 100 * (rawAccuracy - accuracy), null, trainSeconds, earlierSeconds + seconds(rowStart));
    }

    /**
     * CDC at one fine-tuned width trained again from scratch with the full epochs, so that the
     * table shows what the fine-tune saves in time and costs (or not) in accuracy.
     */
    private ExperimentRow scratchComparison(ImageShape shape, TrainingImages train, ImageSet trainSet, TrainingImages test,
            Classifier guidance, double rawAccuracy) throws IOException {
        int k = config.bits().contains(4) && config.baseBits() != 4 ? 4 : config.bits().get(config.bits().size() - 1);
        long start = System.nanoTime();
        CdcModel model = CdcModel.create(new ModelConfig(shape, train.classes(), config.latentChannels(), config.width(), k),
                config.seed());
        CdcModel.copyParameters(guidance, model.guidance());
        Runs.autoencoder(model, train, config.lambda(), config.trainGuidance(), Runs.AUTOENCODER_LEARNING_RATE,
                new FitOptions(config.autoencoderEpochs(), config.batchSize(), config.seed()), listeners);
        double trainSeconds = seconds(start);
        save(model, "cdc-k" + k + "-scratch", "cdc", "from scratch, for comparison");
        ExperimentRow row = evaluate("cdc", "cdc-k" + k + "-scratch", model, "trained from scratch (compare the fine-tuned row)",
                trainSeconds, train, trainSet, test, rawAccuracy, start, 0);
        log.printf("cdc k=%d from scratch: %.0f s of training, %.2f%%%n", k, trainSeconds, 100 * row.accuracy());
        return row;
    }

    private ExperimentRow jpegRow(ImageSet trainSet, TrainingImages test, float quality, double rawAccuracy, int k) {
        long start = System.nanoTime();
        JpegBaseline.Result jpeg = JpegBaseline.run(trainSet, quality);
        ImageSet decodedSet = new ImageSet(trainSet.channels(), trainSet.height(), trainSet.width(), jpeg.decoded(),
                trainSet.labels(), trainSet.classes());
        double accuracy = cloudAccuracy(TrainingImages.of(decodedSet), test, "cloud classifier (jpeg q=" + quality + ")");
        double bytesPerImage = jpeg.bytesPerImage(1);
        log.printf("jpeg q=%.2f (matching cdc k=%d): %.1f bytes/image, %.2f%%%n", quality, k, bytesPerImage, 100 * accuracy);
        return new ExperimentRow("jpeg", 0, String.format("quality %.2f, matched to cdc k=%d", quality, k), bytesPerImage,
                trainSet.imageSize() / bytesPerImage, accuracy, 100 * (rawAccuracy - accuracy), null, 0, seconds(start));
    }

    private double cloudAccuracy(TrainingImages train, TrainingImages test, String name) {
        manual_seed(config.seed());
        Classifier cloud = trainClassifier(Classifier.cloud(train.shape(), test.classes()), name, train, config.cloudEpochs());
        return Evaluation.accuracy(cloud, test);
    }

    private Classifier trainClassifier(Classifier classifier, String name, TrainingImages data, int epochs) {
        Runs.classifier(classifier, name, data, new FitOptions(epochs, config.batchSize(), config.seed()), listeners);
        return classifier;
    }

    private void save(CdcModel model, String tag, String method, String setting) throws IOException {
        Provenance base = provenance.get();
        Map<String, Object> settings = new LinkedHashMap<>(base.settings());
        settings.put("method", method);
        settings.put("setting", setting);
        settings.put("lambda", method.equals("cdc") ? config.lambda() : 0.0);
        Provenance p = new Provenance(config.dataset() + "/train", config.seed(), settings, null, base.cdc(),
                base.libtorch(), base.java(), Instant.now().toString());
        ModelStore.saveModel(outDir.resolve("models").resolve(tag + ".cdcm"), model, p,
                new TrainingState(TrainingState.DONE, 0, 0), null);
    }

    private void writeGrid(CdcModel model, ImageSet testSet, TrainingImages test) throws IOException {
        int count = Math.min(16, test.count());
        float[] originals = new float[count * test.shape().pixels()];
        for (int i = 0; i < count; i++) {
            testSet.copyScaled(i, originals, i * test.shape().pixels());
        }
        float[] reconstructions;
        model.encoder().eval();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor images = Tensor.create(originals, count, test.shape().channels(), test.shape().height(), test.shape().width());
            float[] latent = Tensors.toFloats(model.quantizer().quantizeDequantize(model.encoder().forward(images)));
            reconstructions = ShardDecoder.decodeLatent(model, latent, count);
        }
        ReconstructionGrid.write(outDir.resolve("reconstructions.png"), test.shape(), originals, reconstructions, count, 8);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
