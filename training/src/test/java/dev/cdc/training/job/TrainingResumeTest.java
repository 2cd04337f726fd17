package dev.cdc.training.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.training.Fixtures;
import dev.cdc.training.data.Augmentation;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.job.ModelTrainingJob;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.model.Tensors;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.store.TrainingStage;
import dev.cdc.training.store.TrainingState;
import dev.cdc.training.train.ClassifierRecipe;
import dev.cdc.training.train.Guidance;
import dev.cdc.training.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed mid-epoch and resumed from its checkpoint ends where an uninterrupted run ends. */
class TrainingResumeTest {
    private static final TrainingImages DATA = Fixtures.bars(96, 3);
    @TempDir
    Path dir;

    /** Stands for the process being killed after a given step. */
    static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void killedRunResumesToTheSameWeights() throws IOException {
        torch.set_num_threads(1); // one thread: reductions in the same order, bitwise reproducible
        TrainingImages data = Fixtures.bars(96, 3);
        ModelConfig config = new ModelConfig(data.shape(), 3, 2, 8, 2);

        CdcModel straight = CdcModel.create(config, 11);
        training(dir.resolve("a.ckpt"), List.of()).run(DATA, straight, new TrainingState(TrainingStage.GUIDANCE, 0, 0), null,
                Fixtures.PROVENANCE);

        Path checkpoint = dir.resolve("b.ckpt");
        CdcModel interrupted = CdcModel.create(config, 11);
        TrainingListener killer = new TrainingListener() {
            @Override
            public void onStep(StepEvent event) {
                if (event.task().startsWith("autoencoder") && event.globalStep() == 7) {
                    throw new Killed();
                }
            }
        };
        assertThrows(Killed.class, () -> training(checkpoint, List.of(killer)).run(DATA, interrupted,
                new TrainingState(TrainingStage.GUIDANCE, 0, 0), null, Fixtures.PROVENANCE));

        ModelStore.SavedModel saved = ModelTrainingJob.checkpointToResume(checkpoint, true);
        assertEquals(TrainingStage.AUTOENCODER, saved.state().stage());
        assertEquals(new TrainingState(TrainingStage.AUTOENCODER, 1, 2), saved.state(), "checkpoint every 2 steps: step 6 of 4-step epochs");
        CdcModel resumed = training(checkpoint, List.of()).run(DATA, saved.model(), saved.state(), saved.optimizerState(),
                Fixtures.PROVENANCE);
        assertArrayEquals(Tensors.toFloats(straight.decoder().parameters().get(0)),
                Tensors.toFloats(resumed.decoder().parameters().get(0)), 1e-6f);
        assertEquals(straight.fingerprint(), resumed.fingerprint());
    }

    @Test
    void anExistingCheckpointIsNeverSilentlyReplaced() throws IOException {
        Path checkpoint = dir.resolve("c.ckpt");
        java.nio.file.Files.writeString(checkpoint, "earlier run");
        IOException e = assertThrows(IOException.class, () -> ModelTrainingJob.checkpointToResume(checkpoint, false));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> ModelTrainingJob.checkpointToResume(dir.resolve("none"), true));
        assertTrue(missing.getMessage().contains("no checkpoint"), missing.getMessage());
    }

    private static ModelTrainingJob training(Path checkpoint, List<TrainingListener> listeners) {
        // The guide's stage shifts and mirrors its images: a resumed run must draw the same ones.
        return new ModelTrainingJob(new ModelTrainingJob.Settings(Guidance.of(Guidance.Kind.CE, 0.1), 2, 24, 5)
                .withGuideRecipe(ClassifierRecipe.guide(new Augmentation(1, true)).withEpochs(1).withBatchSize(24))
                .withCheckpointEvery(2), checkpoint, listeners);
    }
}
