package dev.cdc.training.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.edge.CodeAgreement;
import dev.cdc.core.edge.JavaEncoder;
import dev.cdc.core.modelfile.EncoderFile;
import dev.cdc.core.modelfile.ModelFormatException;
import dev.cdc.cuda.CudaException;
import dev.cdc.training.Fixtures;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ImageShape;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.store.TrainingState;
import dev.cdc.training.train.AutoencoderTraining;
import dev.cdc.training.train.FitOptions;
import dev.cdc.training.train.Guidance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LibTorch-free encoder against the LibTorch one: the same fingerprint, the same codes but at quantization boundaries. */
class JavaEncoderParityTest {
    @TempDir
    Path dir;

    @Test
    void aTrainedModelGivesTheSameCodesWithoutLibTorch() throws IOException, CudaException {
        TrainingImages data = Fixtures.bars(300, 1);
        for (int bits : new int[] {1, 2, 4, 8}) {
            CdcModel model = CdcModel.create(new ModelConfig(data.shape(), 3, 2, 8, bits), bits);
            AutoencoderTraining.train(model, data, Guidance.of(Guidance.Kind.CE, 0.1), false, AutoencoderTraining.LEARNING_RATE,
                    new FitOptions(2, 50, 1), List.of());
            model.useCodeTables(CodeTableFitting.fit(model, data));
            Path file = dir.resolve("k" + bits + ".cdcm");
            ModelStore.saveModel(file, model, Fixtures.PROVENANCE, TrainingState.FINISHED, null);

            EncoderFile edge = EncoderFile.read(file);
            assertEquals(model.fingerprint(), edge.fingerprint(), "the fingerprint recomputed from the file's raw entries");
            JavaEncoder encoder = new JavaEncoder(edge, file);
            float[] images = new float[data.count() * data.shape().pixels()];
            for (int i = 0; i < data.count(); i++) {
                data.copy(i, images, i * data.shape().pixels());
            }
            byte[] java = encoder.encode(images, data.count());
            byte[] torch = new ChunkEncoder(model, data).encode(0, data.count()).codes();
            assertEquals(torch.length, java.length);
            CodeAgreement agreement = CodeAgreement.of(model.config().codec(), model.config().latentElements(), java, torch,
                    data.count());
            assertEquals(0, agreement.further(), "k=" + bits + ": a code more than one step off");
            assertTrue(agreement.identicalShare() >= 0.999, "k=" + bits + ": " + agreement);
        }
    }

    @Test
    void aDamagedOrForeignFileIsRefusedWithoutLibTorch() throws IOException {
        CdcModel model = CdcModel.create(new ModelConfig(new ImageShape(1, 12, 12), 3, 2, 8, 2), 1);
        Path file = dir.resolve("m.cdcm");
        ModelStore.saveModel(file, model, Fixtures.PROVENANCE, TrainingState.FINISHED, null);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.cdcm");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(ModelFormatException.class, () -> EncoderFile.read(cut));
        Files.writeString(dir.resolve("text.cdcm"), "not a model");
        assertThrows(ModelFormatException.class, () -> EncoderFile.read(dir.resolve("text.cdcm")));
    }
}
