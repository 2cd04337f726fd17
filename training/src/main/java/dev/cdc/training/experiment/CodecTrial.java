package dev.cdc.training.experiment;

import dev.cdc.core.entropy.CodeTables;
import dev.cdc.core.shard.EntropyCoding;
import dev.cdc.core.shard.ShardReader;
import dev.cdc.core.shard.ShardRecoder;
import dev.cdc.training.ComputeDevice;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.distributed.Collective;
import dev.cdc.training.job.CloudAccuracy;
import dev.cdc.training.job.CloudTrainingJob;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.Classifier;
import dev.cdc.training.pipeline.ShardEncoder;
import dev.cdc.training.train.ClassifierRecipe;
import dev.cdc.training.train.ClassifierTraining;
import dev.cdc.training.train.Evaluation;
import dev.cdc.training.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What one trained codec is worth to the cloud: the training images encoded into a real shard
 * (whose size is the upload), decoded as the cloud would, a cloud classifier trained on them and
 * tested under both protocols. The experiment and the sweep both measure a codec this way.
 */
public final class CodecTrial {
    private CodecTrial() {
    }

    /**
     * @param bytesPerImage  the shard's bytes (header, framing and labels included) per image
     * @param raw            (R): the classifier on the raw evaluation images
     * @param codec          (C): on the evaluation images through the codec
     * @param guide          the model's guide on the evaluation images through the codec
     * @param ransBytesPerImage the same records' shard rANS-coded with the model's code tables, per image;
     *                       NaN for a model without tables
     */
    public record Result(double bytesPerImage, double raw, double codec, double guide, double ransBytesPerImage) {
    }

    /** Accuracy on raw evaluation images (R) and on evaluation images through a codec (C). */
    public record Accuracies(double raw, double codec) {
    }

    /**
     * Measures {@code model}, on its device: the shard goes to {@code shard}, replaced if present,
     * and, when the model has code tables, the same records rANS-coded beside it ({@code -rans.cdc}),
     * read back and compared with the packed ones before its size counts.
     */
    public static Result run(CdcModel model, TrainingImages train, TrainingImages evaluation, Path shard, String datasetLabel,
            ClassifierRecipe cloud, long seed, String name, List<TrainingListener> listeners, Consumer<String> warn)
            throws IOException {
        long bytes = ShardEncoder.encode(model, train, shard, datasetLabel, ShardEncoder.DEFAULT_CHUNK, n -> {
        });
        CloudTrainingJob.Trained trained = CloudTrainingJob.run(List.of(model), List.of(shard), evaluation.classes(),
                new CloudTrainingJob.Settings(cloudName(name, seed), cloud, seed, false, model.device()), Collective.SINGLE, listeners,
                warn);
        Map<Integer, TrainingImages> passages = CloudAccuracy.passages(List.of(model), evaluation);
        CloudAccuracy accuracy = CloudAccuracy.measure(trained.classifier(), evaluation, passages);
        double guide = Evaluation.accuracy(model.guidance(), passages.get(model.config().bits()));
        double ransBytes = Double.NaN;
        if (model.codeTables() != null) {
            Path coded = shard.resolveSibling(shard.getFileName().toString().replaceAll("\\.cdc$", "") + "-rans.cdc");
            ransBytes = ShardRecoder.recode(shard, coded, EntropyCoding.forModel(EntropyCoding.Kind.RANS, model.codeTables()),
                    model.codeTables());
            requireSameRecords(shard, coded, model.codeTables());
        }
        return new Result((double) bytes / trained.records(), accuracy.raw(), accuracy.throughCodec().get(model.config().bits()),
                guide, ransBytes / trained.records());
    }

    /** The rANS shard must hold exactly the packed one's records: its bytes count only if nothing was lost. */
    private static void requireSameRecords(Path packed, Path coded, CodeTables tables) throws IOException {
        try (ShardReader a = ShardReader.open(packed); ShardReader b = ShardReader.open(coded).useCodeTables(tables)) {
            if (a.chunks().size() != b.chunks().size()) {
                throw new IllegalStateException(coded + " has " + b.chunks().size() + " chunks, " + packed + " " + a.chunks().size());
            }
            for (int c = 0; c < a.chunks().size(); c++) {
                ShardReader.Chunk x = a.readChunk(c);
                ShardReader.Chunk y = b.readChunk(c);
                if (!Arrays.equals(x.codes(), y.codes()) || !Arrays.equals(x.labels(), y.labels())) {
                    throw new IllegalStateException("chunk " + c + " of " + coded + " does not decode to the records of " + packed);
                }
            }
        }
    }

    private static String cloudName(String name, long seed) {
        return "cloud classifier (" + name + ", seed " + seed + ")";
    }

    /**
     * A cloud classifier trained on {@code train} on {@code device}, tested on {@code evaluation}
     * (R) and on {@code evaluationThroughCodec} (C; the same object as {@code evaluation} when
     * there is no codec).
     */
    public static Accuracies cloudAccuracies(TrainingImages train, TrainingImages evaluation,
            TrainingImages evaluationThroughCodec, ClassifierRecipe cloud, long seed, String name, ComputeDevice device,
            List<TrainingListener> listeners) {
        Classifier classifier = ClassifierTraining.train(cloudName(name, seed), cloud, train,
                evaluation.classes(), seed, device, listeners);
        double raw = Evaluation.accuracy(classifier, evaluation);
        double codec = evaluationThroughCodec == evaluation ? raw : Evaluation.accuracy(classifier, evaluationThroughCodec);
        return new Accuracies(raw, codec);
    }
}
