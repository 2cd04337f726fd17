package dev.cdc.training.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdc.core.codec.Quantizer;
import dev.cdc.training.ComputeDevice;
import dev.cdc.training.Fixtures;
import dev.cdc.training.LibTorchRuntime;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.LatentQuantizer;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.model.Tensors;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.store.TrainingStage;
import dev.cdc.training.store.TrainingState;
import dev.cdc.training.train.Guidance;
import dev.cdc.training.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on a real GPU: the quantizer in the loop gives the codec's values there, a few steps
 * lower the loss, and a checkpoint written on the GPU resumes on the CPU. Skips, saying why,
 * where LibTorch sees no GPU (the CPU build, or no driver).
 */
class GpuTrainingTest {
    private static final ComputeDevice GPU = ComputeDevice.cuda(0);
    @TempDir
    Path dir;

    @BeforeEach
    void needsAGpu() {
        LibTorchRuntime.configure();
        String why = GPU.unavailableReason();
        assumeTrue(why == null, () -> {
            String message = "skipped (no GPU training ran): " + why;
            System.out.println(message);
            return message;
        });
    }

    @Test
    void quantizerOnTheGpuGivesTheCodecsValues() {
        SplittableRandom random = new SplittableRandom(3);
        float[] values = new float[4096];
        for (int i = 0; i < values.length; i++) {
            // Mostly inside the range, some outside, and the level boundaries themselves.
            values[i] = i % 7 == 0 ? (i % 15) / 15f : (float) (random.nextDouble() * 1.2 - 0.1);
        }
        for (int bits : new int[] {1, 2, 4, 8}) {
            Tensor onGpu = GPU.place(Tensor.create(values, 64, 2, 4, 8));
            float[] quantized = Tensors.toFloats(new LatentQuantizer(bits, 0f, 1f).quantizeDequantize(onGpu));
            Quantizer reference = Quantizer.of(bits, 0f, 1f);
            for (int i = 0; i < values.length; i++) {
                assertEquals(Float.floatToRawIntBits(reference.value(reference.code(values[i]))), Float.floatToRawIntBits(quantized[i]),
                        "k=" + bits + ", element " + i + " (" + values[i] + ")");
            }
        }
    }

    @Test
    void trainsOnTheGpuAndItsCheckpointResumesOnTheCpu() throws IOException {
        TrainingImages data = Fixtures.bars(96, 3);
        ModelConfig config = new ModelConfig(data.shape(), 3, 2, 8, 2);
        Path checkpoint = dir.resolve("gpu.ckpt");
        List<Double> losses = new ArrayList<>();
        TrainingListener stopper = new TrainingListener() {
            @Override
            public void onStep(StepEvent event) {
                losses.add(event.metrics().loss());
                if (event.globalStep() == 12) {
                    throw new TrainingResumeTest.Killed();
                }
            }
        };
        CdcModel onGpu = CdcModel.create(config, 11);
        assertThrows(TrainingResumeTest.Killed.class, () -> job(checkpoint, GPU, List.of(stopper)).run(data, onGpu,
                new TrainingState(TrainingStage.AUTOENCODER, 0, 0), null, Fixtures.PROVENANCE));
        assertEquals(GPU, onGpu.device());
        assertTrue(losses.get(losses.size() - 1) < losses.get(0), "loss did not fall on the GPU: " + losses);

        ModelStore.SavedModel saved = ModelTrainingJob.checkpointToResume(checkpoint, true);
        CdcModel resumed = job(checkpoint, ComputeDevice.CPU, List.of()).run(data, saved.model(), saved.state(),
                saved.optimizerState(), Fixtures.PROVENANCE);
        assertEquals(ComputeDevice.CPU, resumed.device());
        assertTrue(Float.isFinite(Tensors.toFloats(resumed.decoder().parameters().get(0))[0]));
    }

    private static ModelTrainingJob job(Path checkpoint, ComputeDevice device, List<TrainingListener> listeners) {
        return new ModelTrainingJob(new ModelTrainingJob.Settings(Guidance.of(Guidance.Kind.CE, 0.1), 6, 24, 5)
                .withCheckpointEvery(2).withDevice(device), checkpoint, listeners);
    }
}
