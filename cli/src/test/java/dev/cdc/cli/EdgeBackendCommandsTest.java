package dev.cdc.cli;

import static dev.cdc.cli.Cli.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdc.core.edge.CodeAgreement;
import dev.cdc.core.shard.ShardReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cdc encode --backend java}: the encoder without LibTorch writes the shard LibTorch's would, and the cloud trains on it. */
class EdgeBackendCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;


    @Test
    void theJavaEncoderWritesLibTorchsShardAndTheCloudTrainsOnIt() throws IOException {
        String data = OwnDataSets.write("folder", OwnDataSets.digits(dir, "EdgeBackendCommandsTest"), dir);
        Path model = dir.resolve("k4.cdcm");
        ok("train", "--dataset", data, "--bits", "4", "--epochs", "1", "--guidance-epochs", "1", "--batch", "32", "--out",
                model.toString());
        Path torch = dir.resolve("torch.cdc");
        Path viaJava = dir.resolve("java.cdc");
        ok("encode", "--dataset", data, "--model", model.toString(), "--out", torch.toString());
        JsonNode report = JSON.readTree(ok("encode", "--backend", "java", "--dataset", data, "--model", model.toString(), "--out",
                viaJava.toString(), "--json").out());
        CodeAgreement agreement = CodeAgreement.NONE;
        try (ShardReader a = Cli.openShard(torch, model); ShardReader b = Cli.openShard(viaJava, model)) {
            assertEquals(a.header(), b.header(), "the same fingerprint, codec, shape, labels and data set");
            assertEquals(a.recordCount(), report.get("records").asLong());
            for (int c = 0; c < a.chunks().size(); c++) {
                ShardReader.Chunk left = a.readChunk(c);
                ShardReader.Chunk right = b.readChunk(c);
                assertEquals(Arrays.toString(left.labels()), Arrays.toString(right.labels()));
                agreement = agreement.plus(CodeAgreement.of(a.header().codec(), a.header().elementsPerRecord(), left.codes(),
                        right.codes(), left.records()));
            }
        }
        assertEquals(0, agreement.further(), "a code more than one step off: " + agreement);
        assertTrue(agreement.identicalShare() >= 0.999, agreement.toString());
        System.out.println("EdgeBackendCommandsTest: the Java and LibTorch encoders' codes: " + agreement);
        ok("train-cloud", "--dataset", data, "--model", model.toString(), "--epochs", "1", "--out", dir.resolve("c.cdcc").toString(),
                viaJava.toString());

        // Upload through the Java encoder to a service; then the same in a JVM with no pytorch jar on its class path.
        Path bundle = dir.resolve("b");
        ok("bundle", "create", "--out", bundle.toString(), model.toString());
        Path tokens = dir.resolve("tokens.json");
        java.nio.file.Files.writeString(dir.resolve("edge.token"), ok("token", "add", "--tokens", tokens.toString(), "edge-1").out()
                .trim());
        try (ServeProcess serve = ServeProcess.start(dir.resolve("store"), bundle, tokens)) {
            JsonNode upload = JSON.readTree(ok("upload", "--backend", "java", "--json", "--dataset", data, "--bundle",
                    bundle.toString(), "--server", "http://127.0.0.1:" + serve.port + "/", "--edge", "edge-1", "--token-file",
                    dir.resolve("edge.token").toString(), "--journal", dir.resolve("edge.journal").toString()).out());
            assertEquals(report.get("records").asInt(), upload.get("records").asInt());
        }
        Process edge = new ProcessBuilder(javaCommand(), "-cp", classPathWithoutLibTorch(), Main.class.getName(), "encode",
                "--backend", "java", "--dataset", data, "--model", model.toString(), "--out", dir.resolve("edge.cdc").toString())
                .redirectErrorStream(true).start();
        String said = new String(edge.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, waitFor(edge), "without LibTorch: " + said);
        assertEquals(java.nio.file.Files.size(viaJava), java.nio.file.Files.size(dir.resolve("edge.cdc")), said);
        // The edge's benchmark runs there too: the Java encoder against JPEG, no LibTorch row.
        Process bench = new ProcessBuilder(javaCommand(), "-cp", classPathWithoutLibTorch(), Main.class.getName(), "bench", "encode",
                "--backend", "java", "--rounds", "1", "--batch", "1,8", "--json", "--dataset", data, "--model", model.toString())
                .redirectError(dir.resolve("bench.err").toFile()).start();
        String benchOut = new String(bench.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, waitFor(bench), "bench encode without LibTorch: " + benchOut + java.nio.file.Files.readString(
                dir.resolve("bench.err")));
        JsonNode rows = JSON.readTree(benchOut).get("rows");
        assertEquals(2, rows.size(), benchOut);
        for (JsonNode row : rows) {
            assertTrue(row.get("javaImagesPerSecond").asDouble() > 0 && row.get("jpegImagesPerSecond").asDouble() > 0, benchOut);
        }
        Process onnx = new ProcessBuilder(javaCommand(), "-cp", classPathWithoutLibTorch(), Main.class.getName(), "bench", "encode",
                "--backend", "onnx", "--dataset", data, "--model", model.toString()).redirectErrorStream(true).start();
        String onnxSaid = new String(onnx.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, waitFor(onnx), onnxSaid);
        assertTrue(onnxSaid.contains("expected libtorch or java"), onnxSaid);
        Cli.Result noModel = Cli.run("bench", "encode", "--backend", "java", "--dataset", data);
        assertEquals(2, noModel.exit(), noModel.toString());
        assertTrue(noModel.err().contains("needs --model"), noModel.toString());
        // A command that needs LibTorch says so in one line there, instead of a NoClassDefFoundError's trace.
        Process train = new ProcessBuilder(javaCommand(), "-cp", classPathWithoutLibTorch(), Main.class.getName(), "train",
                "--dataset", data, "--bits", "2", "--out", dir.resolve("never.cdcm").toString()).redirectErrorStream(true).start();
        String refused = new String(train.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, waitFor(train), refused);
        assertTrue(refused.contains("no LibTorch on its class path") && !refused.contains("Exception"), refused);

        Cli.Result cuda = Cli.run("encode", "--backend", "java", "--device", "cuda", "--dataset", data, "--model", model.toString(),
                "--out", dir.resolve("never.cdc").toString());
        assertEquals(2, cuda.exit(), cuda.toString());
        Cli.Result unknown = Cli.run("encode", "--backend", "onnx", "--dataset", data, "--model", model.toString(), "--out",
                dir.resolve("never.cdc").toString());
        assertEquals(2, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().contains("libtorch or java"), unknown.toString());
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This test's class path less every pytorch and openblas jar: what bin/cdc-edge gives an edge. */
    static String classPathWithoutLibTorch() {
        String[] entries = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
        String kept = Arrays.stream(entries).filter(e -> !Path.of(e).getFileName().toString().startsWith("pytorch")
                && !Path.of(e).getFileName().toString().startsWith("openblas"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        assertTrue(kept.length() < String.join(java.io.File.pathSeparator, entries).length(), "a pytorch jar was on the class path");
        return kept;
    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
