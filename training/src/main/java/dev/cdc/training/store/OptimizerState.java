package dev.cdc.training.store;

import dev.cdc.core.modelfile.ModelFormatException;
import dev.cdc.training.ComputeDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OutputArchive;

/** An optimizer's state (Adam's moments) as bytes, through LibTorch's own archive format. */
public final class OptimizerState {
    private OptimizerState() {
    }

    public static byte[] save(Optimizer optimizer) throws IOException {
        Path temp = Files.createTempFile("cdc-optimizer", ".pt");
        try {
            OutputArchive archive = new OutputArchive();
            optimizer.save(archive);
            archive.save_to(temp.toString());
            return Files.readAllBytes(temp);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Restores a state saved on any device onto {@code device}, where the optimizer's parameters
     * are: a checkpoint written on a GPU resumes on a CPU and back.
     */
    public static void load(Optimizer optimizer, byte[] state, Path file, ComputeDevice device) throws IOException {
        Path temp = Files.createTempFile("cdc-optimizer", ".pt");
        try {
            Files.write(temp, state);
            InputArchive archive = new InputArchive();
            archive.load_from(temp.toString(), new DeviceOptional(device.torchDevice()));
            optimizer.load(archive);
        } catch (RuntimeException e) {
            throw new ModelFormatException(file, "optimizer state is corrupt or of another model: " + e.getMessage());
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
