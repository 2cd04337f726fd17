package dev.cdc.cli;

import static dev.cdc.cli.Cli.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdc.core.data.DataFixtures;
import dev.cdc.training.LibTorchRuntime;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ImageShape;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.store.Provenance;
import dev.cdc.training.store.TrainingState;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge-cloud commands end to end on a tiny MNIST-shaped data set written here: train,
 * fine-tune, encode, decode, train-cloud, eval, experiment, and their errors. Mechanics only;
 * accuracy on real data is the experiment's business.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainingCommandsTest {
    @TempDir
    static Path dir;
    static Path data;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void writeData() throws IOException {
        data = DataFixtures.writeMnistLike(dir.resolve("data"), 160, 40);
    }


    @Test
    @Order(1)
    void trainFinetuneEncodeDecodeTrainCloudEval() throws IOException {
        String d = data.toString();
        JsonNode train = JSON.readTree(ok("train", "--data", d, "--bits", "2", "--epochs", "1", "--guidance-epochs", "1",
                "--batch", "32", "--out", dir.resolve("m.cdcm").toString(), "--json").out());
        assertEquals(2, train.get("bits").asInt());
        assertEquals(25, train.get("recordBytes").asInt(), "2 x 7 x 7 latent at 2 bits");
        assertFalse(Files.exists(dir.resolve("m.cdcm.ckpt")), "the checkpoint goes once the model is saved");

        JsonNode fine = JSON.readTree(ok("finetune", "--data", d, "--from", dir.resolve("m.cdcm").toString(), "--bits", "4",
                "--images", "64", "--out", dir.resolve("m4.cdcm").toString(), "--json").out());
        assertEquals(4, fine.get("bits").asInt());

        JsonNode encode = JSON.readTree(ok("encode", "--data", d, "--model", dir.resolve("m.cdcm").toString(), "--images", "100",
                "--chunk", "40", "--codec", "packed", "--out", dir.resolve("s.cdc").toString(), "--json").out());
        assertEquals(100, encode.get("records").asInt());
        assertEquals(Files.size(dir.resolve("s.cdc")), encode.get("bytes").asLong());

        Cli.Result decode = ok("decode", "--data", d, "--model", dir.resolve("m.cdcm").toString(), "--out",
                dir.resolve("decoded").toString(), dir.resolve("s.cdc").toString());
        assertTrue(Files.size(dir.resolve("decoded/grid.png")) > 100, decode.toString());
        assertTrue(Files.size(dir.resolve("decoded/images.npy")) > 100 * 784 * 4);

        JsonNode cloud = JSON.readTree(ok("train-cloud", "--data", d, "--model", dir.resolve("m.cdcm").toString(), "--epochs",
                "1", "--out", dir.resolve("c.cdcc").toString(), "--json", dir.resolve("s.cdc").toString()).out());
        assertEquals(100, cloud.get("records").asInt());
        assertEquals(40, cloud.get("testImages").asInt());

        assertTrue(cloud.get("codecAccuracy").has("2"), "protocol (C) at the model's k: " + cloud);

        JsonNode eval = JSON.readTree(ok("eval", "--data", d, "--classifier", dir.resolve("c.cdcc").toString(), "--json").out());
        assertEquals(cloud.get("testAccuracy").asDouble(), eval.get("accuracy").asDouble(), 1e-9);
        JsonNode through = JSON.readTree(ok("eval", "--data", d, "--classifier", dir.resolve("c.cdcc").toString(), "--through",
                dir.resolve("m.cdcm").toString(), "--json").out());
        assertEquals(cloud.get("codecAccuracy").get("2").asDouble(), through.get("codecAccuracy").get("2").asDouble(), 1e-9,
                "eval --through sees what train-cloud's protocol (C) saw");

        // The same records rANS-coded with the model's tables: fewer bytes, the same decoded images, the same cloud data.
        String model = dir.resolve("m.cdcm").toString();
        JsonNode rans = JSON.readTree(ok("encode", "--data", d, "--model", model, "--images", "100", "--chunk", "40", "--codec",
                "rans", "--out", dir.resolve("r.cdc").toString(), "--json").out());
        assertEquals("rans", rans.get("codec").asText());
        assertTrue(Files.size(dir.resolve("r.cdc")) < Files.size(dir.resolve("s.cdc")), "rANS shard no smaller than packed");
        Cli.Result byDefault = ok("encode", "--data", d, "--model", model, "--images", "100", "--chunk", "40", "--backend", "java",
                "--out", dir.resolve("rj.cdc").toString(), "--json");
        assertEquals("rans", JSON.readTree(byDefault.out()).get("codec").asText(), "rANS is the default for a model with tables");
        assertFalse(byDefault.err().contains("note:"), byDefault.err());
        JsonNode inspect = JSON.readTree(ok("shard", "inspect", "--model", model, "--json", dir.resolve("r.cdc").toString()).out());
        assertEquals("rans", inspect.get("coding").asText());
        double achieved = inspect.get("bitsPerCode").asDouble();
        double entropy = inspect.get("tablesBitsPerCode").asDouble();
        assertTrue(achieved < 2 && achieved <= entropy * 1.02 + 0.05, "coded at " + achieved + " bits against " + entropy);
        ok("decode", "--data", d, "--model", model, "--out", dir.resolve("decoded-rans").toString(), dir.resolve("r.cdc").toString());
        assertArrayEquals(Files.readAllBytes(dir.resolve("decoded/images.npy")),
                Files.readAllBytes(dir.resolve("decoded-rans/images.npy")), "rANS decodes to the packed shard's images");
        JsonNode ransCloud = JSON.readTree(ok("train-cloud", "--data", d, "--model", model, "--epochs", "1", "--out",
                dir.resolve("cr.cdcc").toString(), "--json", dir.resolve("r.cdc").toString(), dir.resolve("rj.cdc").toString()).out());
        assertEquals(200, ransCloud.get("records").asInt());
    }

    /** A model from before code tables: the default falls back to bit-packing and says so; rANS asked for is refused. */
    @Test
    @Order(5)
    void aModelWithoutCodeTablesEncodesBitPacked() throws IOException {
        LibTorchRuntime.configure();
        Path old = dir.resolve("no-tables.cdcm");
        ModelStore.saveModel(old, CdcModel.create(new ModelConfig(new ImageShape(1, 28, 28), 10, 2, 8, 2), 1),
                new Provenance("mnist/train", 1, Map.of(), null, "test", "test", "17", "2026-01-01T00:00:00Z"),
                TrainingState.FINISHED, null);
        String d = data.toString();
        Cli.Result fallback = ok("encode", "--data", d, "--model", old.toString(), "--images", "40", "--out",
                dir.resolve("old.cdc").toString(), "--json");
        assertEquals("packed", JSON.readTree(fallback.out()).get("codec").asText());
        assertTrue(fallback.err().contains("has no code tables") && fallback.err().contains("bit-packed"), fallback.err());
        expect(Cli.run("encode", "--data", d, "--model", old.toString(), "--images", "40", "--codec", "rans", "--out",
                dir.resolve("refused.cdc").toString()), 2, "needs the model's code tables");
        assertFalse(Files.exists(dir.resolve("refused.cdc")), "a refused encode wrote a shard");

        // `cdc tables` fits them without training: the same weights, a new fingerprint, rANS by default from then on.
        Path fitted = dir.resolve("fitted.cdcm");
        JsonNode tables = JSON.readTree(ok("tables", "--data", d, "--model", old.toString(), "--images", "120", "--out",
                fitted.toString(), "--json").out());
        assertEquals(120, tables.get("images").asInt());
        assertTrue(tables.get("expectedBitsPerCode").asDouble() <= 2, tables.toString());
        JsonNode coded = JSON.readTree(ok("encode", "--data", d, "--model", fitted.toString(), "--images", "40", "--out",
                dir.resolve("fitted.cdc").toString(), "--json").out());
        assertEquals("rans", coded.get("codec").asText());
        assertFalse(coded.get("fingerprint").asText().equals(JSON.readTree(fallback.out()).get("fingerprint").asText()),
                "the tables are part of the fingerprint");
        expect(Cli.run("tables", "--data", d, "--model", old.toString(), "--out", old.toString()), 2, "is the model itself");
    }

    @Test
    @Order(4)
    void sweepJudgesEachCombinationOnAValidationSplit() throws IOException {
        Path out = dir.resolve("sweep");
        Cli.Result result = ok("sweep", "--data", data.toString(), "--images", "120", "--validation", "40", "--epochs", "1",
                "--guidance-epochs", "1", "--cloud-epochs", "1", "--variants", "none,ce+features:0.5", "--out", out.toString());
        assertTrue(result.out().contains("| 2 | 2 | none |") && result.out().contains("| 2 | 2 | ce+features | 0.5 |"),
                result.out());
        JsonNode json = JSON.readTree(out.resolve("sweep.json").toFile());
        assertEquals(40, json.get("validationImages").asInt());
        assertEquals(80, json.get("trainImages").asInt());
        assertEquals(2, json.get("rows").size());
        assertEquals(1, json.get("guideCurve").size(), "the guide's validation accuracy after its one epoch");
        expect(Cli.run("sweep", "--data", data.toString(), "--variants", "ce", "--out", out.toString()), 2, "KIND:LAMBDA");
        expect(Cli.run("sweep", "--data", data.toString(), "--images", "100", "--validation", "100", "--out", out.toString()), 2,
                "--validation 100");
    }

    @Test
    @Order(2)
    void badInputGetsClearErrors() throws IOException {
        String d = data.toString();
        String model = dir.resolve("m.cdcm").toString();
        Cli.Result wrongK = Cli.run("train-cloud", "--data", d, "--model", dir.resolve("m4.cdcm").toString(), "--out",
                dir.resolve("x.cdcc").toString(), dir.resolve("s.cdc").toString());
        expect(wrongK, 1, "wrong k");
        ok("finetune", "--data", d, "--from", model, "--bits", "2", "--images", "32", "--out", dir.resolve("other.cdcm").toString());
        Cli.Result foreign = Cli.run("decode", "--data", d, "--model", dir.resolve("other.cdcm").toString(), "--out",
                dir.resolve("x").toString(), dir.resolve("s.cdc").toString());
        expect(foreign, 1, "no decoder");

        Path torn = dir.resolve("torn.cdc");
        Files.copy(dir.resolve("s.cdc"), torn);
        try (RandomAccessFile raf = new RandomAccessFile(torn.toFile(), "rw")) {
            raf.setLength(raf.length() - 10);
        }
        Cli.Result partial = Cli.run("train-cloud", "--data", d, "--model", model, "--epochs", "1", "--out",
                dir.resolve("p.cdcc").toString(), "--json", torn.toString());
        assertEquals(0, partial.exit(), partial.toString());
        assertEquals(80, JSON.readTree(partial.out()).get("records").asInt(), "the two complete chunks of 40 still train");
        assertTrue(partial.err().contains("torn"), partial.toString());

        Path corrupt = dir.resolve("corrupt.cdcm");
        byte[] bytes = Files.readAllBytes(dir.resolve("m.cdcm"));
        Files.write(corrupt, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        expect(Cli.run("encode", "--data", d, "--model", corrupt.toString(), "--out", dir.resolve("y.cdc").toString()), 1, "corrupt");
        expect(Cli.run("encode", "--data", d, "--model", model, "--device", "gpu0", "--out", dir.resolve("y.cdc").toString()), 2,
                "expected cpu, cuda or cuda:N");
        if (!org.bytedeco.pytorch.global.torch.cuda_is_available()) {
            expect(Cli.run("encode", "--data", d, "--model", model, "--device", "cuda", "--out", dir.resolve("y.cdc").toString()), 2,
                    "-Pgpu");
            // Every training command: one line naming the CPU build and how to get the GPU one, nothing written.
            expect(Cli.run("train", "--data", d, "--epochs", "1", "--device", "cuda", "--out", dir.resolve("g.cdcm").toString()), 2,
                    "CPU build");
            expect(Cli.run("finetune", "--data", d, "--from", model, "--bits", "1", "--device", "cuda:1", "--out",
                    dir.resolve("g.cdcm").toString()), 2, "-Pgpu");
            expect(Cli.run("train-cloud", "--data", d, "--model", model, "--device", "cuda", "--out", dir.resolve("g.cdcc").toString(),
                    dir.resolve("s.cdc").toString()), 2, "-Pgpu");
            expect(Cli.run("experiment", "--data", d, "--quick", "--device", "cuda", "--out", dir.resolve("g").toString()), 2, "-Pgpu");
            expect(Cli.run("bench", "train", "--data", d, "--device", "cuda"), 2, "-Pgpu");
            assertTrue(Files.notExists(dir.resolve("g.cdcm")) && Files.notExists(dir.resolve("g.cdcm.ckpt"))
                    && Files.notExists(dir.resolve("g.cdcc")), "a refused training command wrote a file");
        }
        expect(Cli.run("train", "--data", d, "--device", "tpu", "--out", dir.resolve("g.cdcm").toString()), 2,
                "expected cpu, cuda or cuda:N");
        expect(Cli.run("encode", "--data", d, "--model", model, "--codec", "zstd", "--out", dir.resolve("y.cdc").toString()), 2,
                "expected auto, packed or rans");
        expect(Cli.run("shard", "entropy", dir.resolve("r.cdc").toString()), 1, "already rANS-coded");
        expect(Cli.run("train", "--data", d, "--rate-weight", "-1", "--out", dir.resolve("g.cdcm").toString()), 2, "expected 0 or more");
        assertTrue(Files.notExists(dir.resolve("y.cdc")), "a refused encode wrote a shard");

        expect(Cli.run("train", "--data", dir.resolve("nowhere").toString(), "--out", dir.resolve("z.cdcm").toString()), 1,
                "cdc data fetch");
        expect(Cli.run("finetune", "--data", d, "--from", model, "--bits", "9", "--out", dir.resolve("k9.cdcm").toString()), 2,
                "1..8");

        Files.writeString(dir.resolve("busy.cdcm.ckpt"), "left by a killed run");
        expect(Cli.run("train", "--data", d, "--epochs", "1", "--out", dir.resolve("busy.cdcm").toString()), 1, "--resume");
        expect(Cli.run("train", "--data", d, "--epochs", "1", "--resume", "--out", dir.resolve("busy.cdcm").toString()), 1,
                "not a cdc model file");
    }

    @Test
    @Order(3)
    void quickExperimentWritesTableJsonAndPlots() throws IOException {
        Path out = dir.resolve("experiment");
        Cli.Result result = ok("experiment", "--quick", "--data", data.toString(), "--bits", "2,1", "--out", out.toString());
        assertTrue(result.out().contains("| cdc | 2 |") && result.out().contains("| unguided | 1 |")
                && result.out().contains("| jpeg |") && result.out().contains("| raw |"), result.out());
        assertTrue(result.out().contains("accuracy (R) | accuracy (C)"), "both protocols: " + result.out());
        JsonNode json = JSON.readTree(out.resolve("results.json").toFile());
        assertTrue(json.get("rows").size() >= 6);
        assertTrue(Files.size(out.resolve("accuracy-vs-bytes.png")) > 1000);
        assertTrue(Files.size(out.resolve("reconstructions.png")) > 100);
        Files.delete(out.resolve("accuracy-vs-bytes.png"));
        Cli.Result replot = ok("experiment", "--replot", out.toString());
        assertTrue(replot.out().contains("| cdc | 2 |") && Files.size(out.resolve("accuracy-vs-bytes.png")) > 1000, replot.out());
        for (JsonNode row : json.get("rows")) {
            assertTrue(row.get("raw").get("mean").isNumber() && row.get("codec").get("mean").isNumber(), row.toString());
            if (row.get("method").asText().equals("cdc") && row.get("bits").asInt() == 2) {
                // 25 bytes of codes + 1 label byte per image, framing and header amortised over 160 images
                assertTrue(row.get("bytesPerImage").asDouble() > 26 && row.get("bytesPerImage").asDouble() < 28, row.toString());
            }
        }
        // Every CDC row has its records rANS-coded beside it: same accuracy, fewer bytes, from the real shard file.
        for (JsonNode row : json.get("rows")) {
            if (row.get("method").asText().equals("cdc") && !row.get("setting").asText().contains("compare")) {
                JsonNode coded = null;
                for (JsonNode other : json.get("rows")) {
                    if (other.get("method").asText().equals("cdc+rans") && other.get("bits").asInt() == row.get("bits").asInt()) {
                        coded = other;
                    }
                }
                assertTrue(coded != null, "no cdc+rans row for " + row);
                assertTrue(coded.get("bytesPerImage").asDouble() < row.get("bytesPerImage").asDouble(), coded + " vs " + row);
                assertEquals(row.get("raw").get("mean").asDouble(), coded.get("raw").get("mean").asDouble(), 0.0);
            }
        }
    }

    private static void expect(Cli.Result result, int exit, String message) {
        assertEquals(exit, result.exit(), result.toString());
        assertTrue(result.err().contains(message), "expected '" + message + "' in\n" + result);
        assertFalse(result.err().contains("\tat "), "no stack trace:\n" + result);
    }
}
