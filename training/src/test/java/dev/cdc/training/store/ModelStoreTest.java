package dev.cdc.training.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.modelfile.ModelFormatException;
import dev.cdc.training.Fixtures;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ImageShape;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.model.Tensors;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.store.TrainingStage;
import dev.cdc.training.store.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    @TempDir
    Path dir;

    @Test
    void savedModelsLoadWithTheSameWeightsFingerprintAndProvenance() throws IOException {
        CdcModel model = CdcModel.create(new ModelConfig(new ImageShape(1, 12, 12), 3, 2, 8, 3), 5);
        Path file = dir.resolve("m.cdcm");
        ModelStore.saveModel(file, model, Fixtures.PROVENANCE, new TrainingState(TrainingStage.AUTOENCODER, 1, 2), new byte[] {1, 2, 3});
        ModelStore.SavedModel loaded = ModelStore.loadModel(file);
        assertEquals(model.fingerprint(), loaded.model().fingerprint());
        assertEquals(Fixtures.PROVENANCE, loaded.provenance());
        assertEquals(new TrainingState(TrainingStage.AUTOENCODER, 1, 2), loaded.state());
        assertArrayEquals(new byte[] {1, 2, 3}, loaded.optimizerState());
        model.encoder().eval();
        loaded.model().encoder().eval();
        try (NoGradGuard noGrad = new NoGradGuard()) {
            Tensor x = Tensor.create(new float[144], 1, 1, 12, 12);
            assertArrayEquals(Tensors.toFloats(model.encoder().forward(x)), Tensors.toFloats(loaded.model().encoder().forward(x)));
        }
        byte[] again = Files.readAllBytes(file);
        ModelStore.saveModel(dir.resolve("n.cdcm"), model, Fixtures.PROVENANCE, new TrainingState(TrainingStage.AUTOENCODER, 1, 2), new byte[] {1, 2, 3});
        assertArrayEquals(again, Files.readAllBytes(dir.resolve("n.cdcm")), "the same model saves to the same bytes");
    }

    @Test
    void corruptTruncatedAndForeignFilesAreRefusedClearly() throws IOException {
        CdcModel model = CdcModel.create(new ModelConfig(new ImageShape(1, 12, 12), 3, 2, 8, 3), 5);
        Path file = dir.resolve("m.cdcm");
        ModelStore.saveModel(file, model, Fixtures.PROVENANCE, TrainingState.FINISHED, null);
        byte[] good = Files.readAllBytes(file);

        Path truncated = dir.resolve("truncated.cdcm");
        Files.write(truncated, Arrays.copyOf(good, good.length / 2));
        expect(truncated, "corrupt");

        Path flipped = dir.resolve("flipped.cdcm");
        byte[] bad = good.clone();
        bad[good.length / 2] ^= 0x40;
        Files.write(flipped, bad);
        expect(flipped, "");

        Path text = dir.resolve("text.cdcm");
        Files.writeString(text, "hello");
        expect(text, "");

        expect(dir.resolve("missing.cdcm"), "file not found");
        ModelFormatException kind = assertThrows(ModelFormatException.class, () -> ModelStore.loadClassifier(file));
        assertTrue(kind.getMessage().contains("expected a classifier"), kind.getMessage());
    }

    private static void expect(Path file, String part) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelStore.loadModel(file));
        assertTrue(e.getMessage().contains(file.getFileName().toString()) && e.getMessage().contains(part), e.getMessage());
    }
}
