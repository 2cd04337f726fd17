package dev.cdc.bench.compare;

import dev.cdc.training.ComputeDevice;
import dev.cdc.training.data.Batch;
import dev.cdc.training.data.Shuffle;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ClassifierSpec;
import dev.cdc.training.model.ImageShape;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.train.AutoencoderTask;
import dev.cdc.training.train.AutoencoderTraining;
import dev.cdc.training.train.Guidance;
import dev.cdc.training.train.LearningRateSchedule;
import java.nio.file.Path;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;

/**
 * One training step of the CDC autoencoder (encoder, k-bit quantization in the loop, decoder,
 * frozen guide; BCE + lambda * CE; Adam), in cdc and in its peers ({@link TrainStepPeers}: PyTorch
 * from Python and DJL's PyTorch engine) with the same model, batch, data and thread count.
 */
public final class TrainStepComparison {
    private static final int WARMUP = 5;

    private TrainStepComparison() {
    }

    /**
     * @param cdcMillis    median milliseconds per step in cdc
     * @param peerMillis   the same in PyTorch from Python, or NaN when it could not run
     * @param peer         what the peer was (its version), or why it did not run
     * @param djlMillis    the same in DJL's PyTorch engine, or NaN when it could not run
     * @param djl          what that peer was, or why it did not run
     */
    public record Result(int batch, int threads, int steps, double cdcMillis, double peerMillis, String peer, double djlMillis,
            String djl) {
        /** How many times faster cdc's step is than the Python peer's. */
        public double peerOverCdc() {
            return peerMillis / cdcMillis;
        }

        /** How many times faster cdc's step is than DJL's (the goal: at least 1/1.1). */
        public double djlOverCdc() {
            return djlMillis / cdcMillis;
        }
    }

    /**
     * @param images    IDX files of the images and labels the steps train on (a 1x28x28 set)
     * @param python    the Python with {@code torch} to run the Python peer and export the DJL peer's model
     * @param djlBuild  {@code djl-peer/target} of a {@code -Pdjl} build
     */
    public static Result run(TrainingImages data, Path imagesIdx, Path labelsIdx, int batch, int bits, int threads, int steps,
            String python, Path djlBuild, ComputeDevice device) throws Exception {
        torch.set_num_threads(threads);
        torch.manual_seed(1);
        ModelConfig config = new ModelConfig(new ImageShape(1, 28, 28), 10, 2, 32, bits);
        // The peers (train_step.py, the DJL export) build the first wave's guide; so does this step.
        CdcModel model = CdcModel.create(config, ClassifierSpec.legacyGuide(), 1).moveTo(device);
        AutoencoderTask task = new AutoencoderTask(model, Guidance.of(Guidance.Kind.CE, 0.05), false,
                LearningRateSchedule.constant(AutoencoderTraining.LEARNING_RATE));
        task.setTraining(true);
        int[] order = Shuffle.identity(data.count());
        int[] step = {0};
        double seconds = Timing.medianSecondsPerCall(() -> {
            int start = (step[0]++ % 4) * batch;
            try (PointerScope scope = new PointerScope()) {
                task.step(Batch.of(data, order, start, start + batch).on(device));
            }
        }, WARMUP, steps, 0);
        TrainStepPeers.Setup setup = new TrainStepPeers.Setup(imagesIdx, labelsIdx, batch, bits, threads, steps, WARMUP);
        TrainStepPeers.Peer python3 = TrainStepPeers.python(python, setup, device.toString());
        TrainStepPeers.Peer djl = device.isCuda() ? TrainStepPeers.Peer.notRun("the DJL peer runs on the CPU only")
                : TrainStepPeers.djl(python, djlBuild, setup);
        return new Result(batch, threads, steps, seconds * 1000, python3.millis(), python3.description(), djl.millis(),
                djl.description());
    }
}
