package dev.cdc.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The peers of the training-step benchmark: PyTorch from Python ({@code train_step.py}, a
 * resource) and DJL's PyTorch engine (the {@code djl-peer} module, built with {@code -Pdjl}).
 * Each runs as its own process, since each brings its own LibTorch, and answers with one JSON
 * line holding {@code medianMillis}.
 */
public final class TrainStepPeers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PYTHON_HINT = "PyTorch for Python: apt-get install python3-torch";

    private TrainStepPeers() {
    }

    /** What every implementation runs: the same data, batch, k, threads and step counts. */
    public record Setup(Path imagesIdx, Path labelsIdx, int batch, int bits, int threads, int steps, int warmup) {
        List<String> arguments() {
            return List.of("--images", imagesIdx.toString(), "--labels", labelsIdx.toString(), "--batch", String.valueOf(batch),
                    "--threads", String.valueOf(threads), "--steps", String.valueOf(steps), "--warmup", String.valueOf(warmup));
        }
    }

    /** A peer's median milliseconds per step, or NaN and why it did not run. */
    public record Peer(double millis, String description) {
        static Peer notRun(String why) {
            return new Peer(Double.NaN, "not run: " + why);
        }
    }

    /** PyTorch from {@code python}, on {@code device} ({@code cpu}, {@code cuda} or {@code cuda:N}). */
    public static Peer python(String python, Setup setup, String device) {
        Path script = null;
        try {
            script = script();
            List<String> command = new ArrayList<>(List.of(python, script.toString(), "--bits", String.valueOf(setup.bits()),
                    "--device", device));
            command.addAll(setup.arguments());
            JsonNode reply = run(command, PYTHON_HINT);
            return new Peer(reply.get("medianMillis").asDouble(), "PyTorch " + reply.get("version").asText() + " from Python ("
                    + python + ") on " + device);
        } catch (IOException e) {
            return Peer.notRun(e.getMessage());
        } finally {
            deleteQuietly(script);
        }
    }

    /**
     * DJL's trainer and Adam on the model as TorchScript (DJL's PyTorch engine has no transposed
     * convolution block), which {@code python} exports first.
     *
     * @param djlBuild the {@code djl-peer/target} directory of a {@code -Pdjl} build
     */
    public static Peer djl(String python, Path djlBuild, Setup setup) {
        Path jar = djlBuild.resolve("cdc-djl-peer-0.1.0.jar");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(djlBuild.resolve("lib"))) {
            return Peer.notRun("no DJL peer in " + djlBuild + " (build it: mvn -B -q package -DskipTests -Pdjl)");
        }
        Path script = null;
        Path torchscript = null;
        try {
            script = script();
            torchscript = Files.createTempFile("cdc-train-step", ".pt");
            run(List.of(python, script.toString(), "--images", setup.imagesIdx().toString(), "--labels",
                    setup.labelsIdx().toString(), "--bits", String.valueOf(setup.bits()), "--export-torchscript",
                    torchscript.toString()), PYTHON_HINT + ", to export the model as TorchScript for DJL");
            String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(javaBinary, "-Dai.djl.offline=true", "-cp",
                    jar + File.pathSeparator + djlBuild.resolve("lib") + "/*", "dev.cdc.djlpeer.DjlTrainStep",
                    "--torchscript", torchscript.toString()));
            command.addAll(setup.arguments());
            JsonNode reply = run(command, "the DJL peer");
            return new Peer(reply.get("medianMillis").asDouble(), reply.get("version").asText() + ", model as TorchScript (loss "
                    + reply.get("firstLoss").asText() + " -> " + reply.get("lastLoss").asText() + " over its steps)");
        } catch (IOException e) {
            return Peer.notRun(e.getMessage());
        } finally {
            deleteQuietly(script);
            deleteQuietly(torchscript);
        }
    }

    private static Path script() throws IOException {
        Path script = Files.createTempFile("cdc-train-step", ".py");
        try (InputStream in = TrainStepPeers.class.getResourceAsStream("train_step.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    /** Runs the command; its last output line that is a JSON object is the reply. */
    private static JsonNode run(List<String> command, String hint) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(command.get(0) + " is not there (" + hint + ")");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish in 10 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        List<String> lines = output.strip().lines().toList();
        if (process.exitValue() != 0) {
            String last = lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
            throw new IOException(command.get(0) + " failed: " + last + " (" + hint + ")");
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("{")) {
                return JSON.readTree(lines.get(i));
            }
        }
        throw new IOException(command.get(0) + " printed no result (" + hint + ")");
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }
}
