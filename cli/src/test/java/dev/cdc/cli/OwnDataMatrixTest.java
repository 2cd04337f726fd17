package dev.cdc.cli;

import static dev.cdc.cli.Cli.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdc.core.data.ImageSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command that reads images, on each form of a user's own data (the packaged sets run
 * through them everywhere else): the same 400 digits as a folder of PNGs, CIFAR-10 batches and
 * NumPy arrays, through train, finetune, encode, decode's originals, bundle, serve and upload,
 * train-cloud, eval, codec roundtrip, bench encode and the experiment, all at tiny settings.
 */
class OwnDataMatrixTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static ImageSet digits;

    @BeforeAll
    static void readTheDigits() throws IOException {
        digits = OwnDataSets.digits(dir, "OwnDataMatrixTest");
    }


    @ParameterizedTest
    @ValueSource(strings = {"folder", "cifar10", "npy"})
    void everyCommandThatReadsImagesTakesIt(String kind) throws IOException {
        Path work = Files.createDirectories(dir.resolve("work-" + kind));
        String data = OwnDataSets.write(kind, digits, dir);
        String m2 = work.resolve("k2.cdcm").toString();
        String m1 = work.resolve("k1.cdcm").toString();
        ok("train", "--dataset", data, "--bits", "2", "--epochs", "1", "--guidance-epochs", "1", "--batch", "32", "--out", m2);
        ok("finetune", "--dataset", data, "--from", m2, "--bits", "1", "--epochs", "1", "--batch", "32", "--out", m1);

        JsonNode encoded = JSON.readTree(ok("encode", "--dataset", data, "--split", "test", "--model", m1, "--out",
                work.resolve("test.cdc").toString(), "--json").out());
        int testImages = encoded.get("records").asInt();
        assertTrue(testImages >= 60 && testImages <= 100, kind + ": the test split, about a fifth of 400: " + testImages);
        Cli.Result decoded = ok("decode", "--model", m1, "--originals", data, "--out", work.resolve("decoded").toString(),
                work.resolve("test.cdc").toString());
        assertFalse(decoded.err().contains("warning"), decoded.toString());

        Path bundle = work.resolve("b");
        ok("bundle", "create", "--out", bundle.toString(), m1, m2);
        Path tokens = work.resolve("tokens.json");
        Files.writeString(work.resolve("edge.token"), ok("token", "add", "--tokens", tokens.toString(), "edge-1").out().trim());
        Path store = work.resolve("store");
        try (ServeProcess serve = ServeProcess.start(store, bundle, tokens)) {
            JsonNode upload = JSON.readTree(ok("upload", "--json", "--dataset", data, "--bundle", bundle.toString(), "--server",
                    "http://127.0.0.1:" + serve.port + "/", "--edge", "edge-1", "--token-file", work.resolve("edge.token").toString(),
                    "--chunk", "64", "--journal", work.resolve("edge.journal").toString()).out());
            assertEquals(400 - testImages, upload.get("records").asInt(), kind);
        }
        String classifier = work.resolve("c.cdcc").toString();
        ok("train-cloud", "--dataset", data, "--bundle", bundle.toString(), "--epochs", "1", "--out", classifier, store.toString());
        JsonNode eval = JSON.readTree(ok("eval", "--dataset", data, "--classifier", classifier, "--through", bundle.toString(),
                "--json").out());
        assertEquals(testImages, eval.get("images").asInt());
        assertEquals(2, eval.get("codecAccuracy").size(), "k = 1 and 2 of the bundle");
        String seven = eval.get("perClass").get(7).get("name").asText();
        assertEquals(kind.equals("folder") ? "7" : "seven", seven, "folder names, CIFAR-10's meta names, classes.txt");

        ok("codec", "roundtrip", "--dataset", data, "--bits", "4", "--out", work.resolve("rt.cdc").toString());
        JsonNode bench = JSON.readTree(ok("bench", "encode", "--dataset", data, "--model", m2, "--batch", "1,8", "--rounds", "1",
                "--json").out());
        assertTrue(bench.toString().contains("jpeg"), bench.toString());
        JsonNode experiment = JSON.readTree(ok("experiment", "--dataset", data, "--quick", "--bits", "2", "--epochs", "1",
                "--cloud-epochs", "1", "--seeds", "1", "--out", work.resolve("experiment").toString(), "--json").out());
        assertEquals(seven, experiment.get("classNames").get(7).asText());
    }
}
