package dev.cdc.bench;

import dev.cdc.core.data.DataDirectory;
import dev.cdc.core.data.ImageSet;
import dev.cdc.core.data.KnownDataset;
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
import dev.cdc.training.train.Metrics;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of the CDC autoencoder (k=2 quantization in the loop, frozen guide, Adam) at
 * batch 256 on real MNIST images (run `cdc data fetch` first), one LibTorch thread, in
 * milliseconds. Its peers (PyTorch from Python, DJL's PyTorch engine) bring their own LibTorch
 * and run as separate processes, so {@code cdc bench train} times all three in one run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainStepBenchmark {
    private static final int BATCH = 256;
    private TrainingImages data;
    private int[] order;
    private AutoencoderTask task;
    private int step;

    @Setup
    public void setUp() throws IOException {
        torch.set_num_threads(1);
        torch.manual_seed(1);
        ImageSet images = KnownDataset.fromId("mnist").readTrain(DataDirectory.resolve()).head(4 * BATCH);
        data = TrainingImages.of(images);
        order = Shuffle.identity(data.count());
        // The peers (train_step.py, the DJL export) build the first wave's guide; so does this step.
        CdcModel model = CdcModel.create(new ModelConfig(new ImageShape(1, 28, 28), 10, 2, 32, 2), ClassifierSpec.legacyGuide(), 1);
        task = new AutoencoderTask(model, Guidance.of(Guidance.Kind.CE, 0.05), false,
                LearningRateSchedule.constant(AutoencoderTraining.LEARNING_RATE));
        task.setTraining(true);
    }

    @Benchmark
    public Metrics cdcStep() {
        int start = (step++ % 4) * BATCH;
        try (PointerScope scope = new PointerScope()) {
            return task.step(Batch.of(data, order, start, start + BATCH));
        }
    }
}
