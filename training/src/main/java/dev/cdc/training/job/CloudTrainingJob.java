package dev.cdc.training.job;

import dev.cdc.core.CdcFormatException;
import dev.cdc.training.ComputeDevice;
import dev.cdc.training.distributed.Collective;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.Classifier;
import dev.cdc.training.pipeline.ShardDecoder;
import dev.cdc.training.train.ClassifierRecipe;
import dev.cdc.training.train.ClassifierTraining;
import dev.cdc.training.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The cloud's job: shards decoded by the pairs that encoded them (found by fingerprint), and the
 * cloud classifier trained on what they hold. {@code cdc train-cloud}, the experiment and the
 * sweep all run this, so that what they report is measured the same way.
 */
public final class CloudTrainingJob {
    private CloudTrainingJob() {
    }

    /**
     * @param name    how progress lines name the classifier
     * @param recipe  architecture, epochs, batch, schedule and augmentation
     * @param seed    for the weights, the shuffles and the augmentation
     * @param skipBad skip a damaged chunk with a warning instead of failing (chunks the service stored before its checks)
     * @param device  where the decoders and the classifier run
     */
    public record Settings(String name, ClassifierRecipe recipe, long seed, boolean skipBad, ComputeDevice device) {
        /** On the CPU. */
        public Settings(String name, ClassifierRecipe recipe, long seed, boolean skipBad) {
            this(name, recipe, seed, skipBad, ComputeDevice.CPU);
        }
    }

    /**
     * @param records    decoded records trained on
     * @param shardBytes the shards' size on disk: what was uploaded
     * @param warnings   what was skipped or repaired while decoding
     * @param steps      optimizer steps this process took
     */
    public record Trained(Classifier classifier, long records, long shardBytes, List<String> warnings, long steps,
            double trainSeconds) {
        public double bytesPerImage() {
            return (double) shardBytes / records;
        }
    }

    /**
     * Decodes {@code shards} with {@code decoders} and trains a new classifier for
     * {@code classes} classes on them, data-parallel over {@code collective}; {@code warn} hears
     * each warning as it happens. The decoders move to the settings' device and stay there.
     */
    public static Trained run(List<CdcModel> decoders, List<Path> shards, int classes, Settings settings, Collective collective,
            List<TrainingListener> listeners, Consumer<String> warn) throws IOException {
        decoders.forEach(model -> model.moveTo(settings.device()));
        ShardDecoder.Decoded decoded = ShardDecoder.decode(decoders, shards, warn, settings.skipBad());
        if (decoded.records() == 0) {
            throw new CdcFormatException("the shards hold no complete records to train on");
        }
        long started = System.nanoTime();
        Classifier classifier;
        try {
            classifier = ClassifierTraining.train(settings.name(), settings.recipe(), decoded.images(), classes, settings.seed(),
                    settings.device(), collective, listeners);
        } catch (UncheckedIOException e) {
            throw e.getCause(); // a peer rank died: the message says which and why
        }
        double trainSeconds = (System.nanoTime() - started) / 1e9;
        int batch = settings.recipe().batchSize();
        long steps = (long) settings.recipe().epochs() * ((decoded.records() + batch - 1) / batch);
        return new Trained(classifier, decoded.records(), decoded.shardBytes(), decoded.warnings(), steps, trainSeconds);
    }
}
