package dev.cdc.training.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdc.training.data.Batch;
import dev.cdc.training.data.Shuffle;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ImageShape;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.train.AutoencoderTask;
import dev.cdc.training.train.Runs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;

/**
 * One training step of the CDC autoencoder (encoder, k-bit quantization in the loop, decoder,
 * frozen guide; BCE + lambda * CE; Adam), in cdc and in PyTorch from Python with the same model,
 * batch, data and thread count ({@code train_step.py}, shipped as a resource).
 */
public final class TrainStepComparison {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WARMUP = 5;

    private TrainStepComparison() {
    }

    /**
     * @param cdcMillis    median milliseconds per step in cdc
     * @param peerMillis   the same in PyTorch from Python, or NaN when it could not run
     * @param peer         what the peer was (its version), or why it did not run
     */
    public record Result(int batch, int threads, int steps, double cdcMillis, double peerMillis, String peer) {
        /** How many times faster cdc's step is than the peer's. */
        public double peerOverCdc() {
            return peerMillis / cdcMillis;
        }
    }

    /**
     * @param images  IDX files of the images and labels the steps train on (a 1x28x28 set)
     * @param python  the Python with {@code torch} to run the peer, e.g. /usr/bin/python3
     */
    public static Result run(TrainingImages data, Path imagesIdx, Path labelsIdx, int batch, int bits, int threads, int steps,
            String python) throws Exception {
        torch.set_num_threads(threads);
        torch.manual_seed(1);
        ModelConfig config = new ModelConfig(new ImageShape(1, 28, 28), 10, 2, 32, bits);
        CdcModel model = CdcModel.create(config, 1);
        AutoencoderTask task = new AutoencoderTask(model, 0.05, false, Runs.AUTOENCODER_LEARNING_RATE);
        task.setTraining(true);
        int[] order = Shuffle.identity(data.count());
        int[] step = {0};
        double seconds = Timing.medianSecondsPerCall(() -> {
            int start = (step[0]++ % 4) * batch;
            try (PointerScope scope = new PointerScope()) {
                task.step(Batch.of(data, order, start, start + batch));
            }
        }, WARMUP, steps, 0);
        double cdcMillis = seconds * 1000;
        double peerMillis = Double.NaN;
        String peer;
        try {
            JsonNode reply = runPeer(python, imagesIdx, labelsIdx, batch, bits, threads, steps);
            peerMillis = reply.get("medianMillis").asDouble();
            peer = "PyTorch " + reply.get("version").asText() + " from Python (" + python + ")";
        } catch (IOException e) {
            peer = "not run: " + e.getMessage();
        }
        return new Result(batch, threads, steps, cdcMillis, peerMillis, peer);
    }

    private static JsonNode runPeer(String python, Path imagesIdx, Path labelsIdx, int batch, int bits, int threads, int steps)
            throws IOException, InterruptedException {
        Path script = Files.createTempFile("cdc-train-step", ".py");
        try (InputStream in = TrainStepComparison.class.getResourceAsStream("train_step.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of(python, script.toString(), "--images", imagesIdx.toString(), "--labels",
                labelsIdx.toString(), "--batch", String.valueOf(batch), "--bits", String.valueOf(bits), "--threads",
                String.valueOf(threads), "--steps", String.valueOf(steps), "--warmup", String.valueOf(WARMUP)));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(python + " is not there (install PyTorch for Python: apt-get install python3-torch)");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = process.waitFor(10, TimeUnit.MINUTES);
        Files.deleteIfExists(script);
        if (!done || process.exitValue() != 0) {
            String last = output.strip();
            last = last.substring(Math.max(0, last.lastIndexOf('\n') + 1));
            throw new IOException(python + " failed: " + last + " (PyTorch for Python: apt-get install python3-torch)");
        }
        String json = output.strip();
        return JSON.readTree(json.substring(json.lastIndexOf('\n') + 1));
    }
}
