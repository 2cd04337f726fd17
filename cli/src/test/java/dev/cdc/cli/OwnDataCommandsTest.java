package dev.cdc.cli;

import static dev.cdc.cli.Cli.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdc.core.data.DataFixtures;
import dev.cdc.core.data.ImageSet;
import dev.cdc.core.data.KnownDataset;
import dev.cdc.core.shard.LabelEncoding;
import dev.cdc.core.shard.ShardReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own images, as a folder with one subfolder per class, through every step: train,
 * encode, bundle, serve and upload on loopback, train-cloud on what arrived, eval. The images are
 * real MNIST digits written out as PNG files when MNIST is in the data directory (the test
 * command fetches it), else MNIST-shaped synthetic ones, and the test says which.
 */
class OwnDataCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Path folder;

    @BeforeAll
    static void writeTheFolder() throws IOException {
        ImageSet images = OwnDataSets.digits(dir, "OwnDataCommandsTest");
        folder = dir.resolve("digits");
        DataFixtures.writeImageFolder(folder, images);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }


    @Test
    void aFolderOfImagesGoesFromTrainingToTheCloudClassifier() throws IOException {
        String data = "folder:" + folder;
        Path model = dir.resolve("k2.cdcm");
        JsonNode train = JSON.readTree(ok("train", "--dataset", data, "--bits", "2", "--epochs", "2", "--guidance-epochs", "2",
                "--batch", "32", "--out", model.toString(), "--json").out());
        assertEquals(2, train.get("bits").asInt());

        JsonNode encode = JSON.readTree(ok("encode", "--dataset", data, "--model", model.toString(), "--out",
                dir.resolve("s.cdc").toString(), "--json").out());
        int trainImages = encode.get("records").asInt();
        assertTrue(trainImages >= 312 && trainImages <= 328, "the training split: about four fifths of 400, by class: " + trainImages);
        assertEquals(Files.size(dir.resolve("s.cdc")), encode.get("bytes").asLong());

        Path bundle = dir.resolve("digits.bundle");
        ok("bundle", "create", "--out", bundle.toString(), model.toString());
        Path tokens = dir.resolve("tokens.json");
        Files.writeString(dir.resolve("edge.token"), ok("token", "add", "--tokens", tokens.toString(), "edge-1").out().trim());
        Path store = dir.resolve("store");
        try (ServeProcess serve = ServeProcess.start(store, bundle, tokens)) {
            JsonNode upload = JSON.readTree(ok("upload", "--json", "--dataset", data, "--bundle", bundle.toString(), "--server",
                    "http://127.0.0.1:" + serve.port + "/", "--edge", "edge-1", "--token-file", dir.resolve("edge.token").toString(),
                    "--chunk", "64", "--journal", dir.resolve("edge.journal").toString()).out());
            assertEquals(trainImages, upload.get("records").asInt());
            assertTrue(upload.get("shard").asText().startsWith("digits-train"), upload.toString());
        }

        JsonNode cloud = JSON.readTree(ok("train-cloud", "--dataset", data, "--bundle", bundle.toString(), "--epochs", "4",
                "--out", dir.resolve("c.cdcc").toString(), "--json", store.toString()).out());
        assertEquals(trainImages, cloud.get("records").asInt());
        assertEquals(400 - trainImages, cloud.get("testImages").asInt(), "the held-out images, none of them trained on");
        JsonNode eval = JSON.readTree(ok("eval", "--dataset", data, "--classifier", dir.resolve("c.cdcc").toString(), "--json").out());
        assertEquals(cloud.get("testAccuracy").asDouble(), eval.get("accuracy").asDouble(), 1e-9);
        assertEquals(10, eval.get("perClass").size());
        assertEquals("7", eval.get("perClass").get(7).get("name").asText());
        assertEquals(400 - trainImages, java.util.stream.StreamSupport.stream(eval.get("perClass").spliterator(), false)
                .mapToLong(c -> c.get("images").asLong()).sum());

        // An edge folder with two of the ten classes: its labels are the model's, by name, not 0 and 1.
        Path someDigits = dir.resolve("some-digits");
        Files.createDirectories(someDigits);
        for (String digit : List.of("3", "7")) {
            copyTree(folder.resolve(digit), someDigits.resolve(digit));
        }
        ok("encode", "--dataset", "folder:" + someDigits, "--model", model.toString(), "--out", dir.resolve("some.cdc").toString());
        try (ShardReader reader = Cli.openShard(dir.resolve("some.cdc"), model)) {
            java.util.Set<Integer> labels = new java.util.TreeSet<>();
            for (int c = 0; c < reader.chunks().size(); c++) {
                for (int label : reader.readChunk(c).labels()) {
                    labels.add(label);
                }
            }
            assertEquals(java.util.Set.of(3, 7), labels);
        }
        Files.createDirectories(someDigits.resolve("fox"));
        copyTree(folder.resolve("1"), someDigits.resolve("fox"));
        Cli.Result fox = Cli.run("encode", "--dataset", "folder:" + someDigits, "--model", model.toString(), "--out",
                dir.resolve("fox.cdc").toString());
        assertEquals(2, fox.exit(), fox.toString());
        assertTrue(fox.err().contains("'fox'") && !Files.exists(dir.resolve("fox.cdc")), fox.toString());
        System.out.printf("OwnDataCommandsTest: %.1f bytes per image uploaded, cloud classifier %.1f%% (R) on %d held-out"
                + " images%n", cloud.get("bytesPerImage").asDouble(), 100 * cloud.get("testAccuracy").asDouble(), 400 - trainImages);
    }

    @Test
    void imagesOfMixedSizesTrainAtTheSizeAsked() throws IOException {
        Path mixed = dir.resolve("mixed");
        DataFixtures.writeImageFolder(mixed, KnownDataset.MNIST.readTest(DataFixtures.writeMnistLike(dir.resolve("s3"), 10, 60)));
        DataFixtures.writeImageFolder(mixed, new ImageSet(3, 32, 32, new byte[20 * 3 * 32 * 32], new int[20],
                List.of("zero"))); // colour 32x32 images among the grey 28x28 ones
        Cli.Result refused = Cli.run("train", "--dataset", "folder:" + mixed, "--bits", "2", "--out", dir.resolve("no.cdcm").toString());
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("--resize"), refused.toString());

        JsonNode train = JSON.readTree(ok("train", "--dataset", "folder:" + mixed, "--resize", "20x20", "--channels", "1", "--bits",
                "2", "--epochs", "1", "--guidance-epochs", "1", "--batch", "16", "--out", dir.resolve("small.cdcm").toString(),
                "--json").out());
        assertEquals(25, train.get("recordBytes").asInt(), "a 4 x 5 x 5 latent at 2 bits");
        JsonNode encode = JSON.readTree(ok("encode", "--dataset", "folder:" + mixed, "--resize", "20x20", "--channels", "1",
                "--model", dir.resolve("small.cdcm").toString(), "--out", dir.resolve("small.cdc").toString(), "--json").out());
        assertTrue(encode.get("records").asInt() > 50, encode.toString());
        Cli.Result colour = Cli.run("encode", "--dataset", "folder:" + mixed, "--resize", "20x20", "--channels", "3", "--model",
                dir.resolve("small.cdcm").toString(), "--out", dir.resolve("never.cdc").toString());
        assertEquals(2, colour.exit(), colour.toString());
        assertTrue(colour.err().contains("takes") && !Files.exists(dir.resolve("never.cdc")), colour.toString());
        Cli.Result packaged = Cli.run("train", "--dataset", "mnist", "--resize", "20x20", "--bits", "2", "--out",
                dir.resolve("no.cdcm").toString());
        assertEquals(2, packaged.exit(), packaged.toString());
    }

    @Test
    void arraysFromPythonTrainAndEvaluate() throws IOException {
        ImageSet digits = KnownDataset.MNIST.readTest(DataFixtures.writeMnistLike(dir.resolve("s4"), 10, 100));
        long[] labels = java.util.Arrays.stream(digits.labels()).asLongStream().toArray();
        DataFixtures.npy(dir.resolve("arrays/images.npy"), "|u1", new long[] {100, 28, 28}, digits.pixels());
        DataFixtures.npy(dir.resolve("arrays/labels.npy"), "<i8", new long[] {100}, DataFixtures.int64(labels));
        String data = "npy:" + dir.resolve("arrays");
        JsonNode train = JSON.readTree(ok("train", "--dataset", data, "--bits", "2", "--epochs", "1", "--guidance-epochs", "1",
                "--batch", "16", "--out", dir.resolve("npy.cdcm").toString(), "--json").out());
        assertEquals(49, train.get("recordBytes").asInt(), "4 x 7 x 7 values at 2 bits, the own-data default");
        JsonNode encode = JSON.readTree(ok("encode", "--dataset", data, "--split", "test", "--model", dir.resolve("npy.cdcm").toString(),
                "--out", dir.resolve("npy.cdc").toString(), "--json").out());
        assertEquals(20, encode.get("records").asInt(), "a fifth of each of ten classes of ten");
    }

    @Test
    void threeHundredClassesTravelInSixteenBitLabels() throws IOException {
        int n = 600;
        byte[] pixels = new byte[n * 8 * 8];
        long[] labels = new long[n];
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 300;
            for (int p = 0; p < 64; p++) {
                pixels[i * 64 + p] = (byte) random.nextInt(256);
            }
        }
        DataFixtures.npy(dir.resolve("many/images.npy"), "|u1", new long[] {n, 8, 8}, pixels);
        DataFixtures.npy(dir.resolve("many/labels.npy"), "<i8", new long[] {n}, DataFixtures.int64(labels));
        String data = "npy:" + dir.resolve("many");
        Path model = dir.resolve("many.cdcm");
        ok("train", "--dataset", data, "--bits", "2", "--epochs", "1", "--guidance-epochs", "1", "--batch", "64", "--out",
                model.toString());
        ok("encode", "--dataset", data, "--model", model.toString(), "--out", dir.resolve("many.cdc").toString());
        try (ShardReader reader = Cli.openShard(dir.resolve("many.cdc"), model)) {
            assertEquals(LabelEncoding.U16, reader.header().labels());
            assertEquals(300, reader.header().classCount());
            int max = 0;
            for (int c = 0; c < reader.chunks().size(); c++) {
                for (int label : reader.readChunk(c).labels()) {
                    max = Math.max(max, label);
                }
            }
            assertEquals(299, max);
        }
    }

    @Test
    void mistakesInOwnDataAreOneLineEach() throws IOException {
        Cli.Result unknown = Cli.run("train", "--dataset", "imagenet", "--bits", "2", "--out", dir.resolve("x.cdcm").toString());
        assertEquals(2, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().contains("folder:PATH") && unknown.err().lines().count() <= 2, unknown.toString());

        Path empty = dir.resolve("with-empty-class");
        DataFixtures.writeImageFolder(empty, KnownDataset.MNIST.readTest(DataFixtures.writeMnistLike(dir.resolve("s2"), 10, 20)));
        Files.createDirectories(empty.resolve("zebra"));
        Cli.Result emptyClass = Cli.run("train", "--dataset", "folder:" + empty, "--bits", "2", "--epochs", "1", "--out",
                dir.resolve("never.cdcm").toString());
        assertEquals(1, emptyClass.exit(), emptyClass.toString());
        assertTrue(emptyClass.err().contains("zebra") && emptyClass.err().contains("no images"), emptyClass.toString());
        assertTrue(!Files.exists(dir.resolve("never.cdcm")), "nothing written");

        Path broken = dir.resolve("with-broken-image");
        DataFixtures.writeImageFolder(broken, KnownDataset.MNIST.readTest(DataFixtures.writeMnistLike(dir.resolve("s5"), 10, 40)));
        Files.write(broken.resolve("1").resolve("torn.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10});
        Cli.Result stopped = Cli.run("train", "--dataset", "folder:" + broken, "--bits", "2", "--out",
                dir.resolve("torn.cdcm").toString());
        assertEquals(1, stopped.exit(), stopped.toString());
        assertTrue(stopped.err().contains("torn.png") && stopped.err().contains("--skip-bad-images"), stopped.toString());
        JsonNode skipped = JSON.readTree(ok("train", "--dataset", "folder:" + broken, "--skip-bad-images", "--bits", "2", "--epochs",
                "1", "--guidance-epochs", "1", "--batch", "16", "--out", dir.resolve("skipped.cdcm").toString(), "--json").out());
        assertEquals(2, skipped.get("bits").asInt());
    }

    @Test
    void theExperimentRoundTripAndDecodeTakeAFolder() throws IOException {
        String data = "folder:" + folder;
        Path out = dir.resolve("experiment");
        JsonNode result = JSON.readTree(ok("experiment", "--dataset", data, "--quick", "--bits", "2", "--epochs", "1",
                "--cloud-epochs", "1", "--seeds", "1", "--out", out.toString(), "--json").out());
        assertEquals("digits", result.get("config").get("dataset").asText());
        assertEquals(10, result.get("classNames").size());
        assertTrue(result.get("trainImages").asInt() > 300 && result.get("testImages").asInt() < 100, result.toString());
        assertTrue(Files.size(out.resolve("accuracy-vs-bytes.png")) > 0);
        java.util.Set<String> methods = new java.util.TreeSet<>();
        result.get("rows").forEach(row -> methods.add(row.get("method").asText()));
        assertTrue(methods.containsAll(List.of("raw", "cdc", "unguided", "jpeg")), methods.toString());

        JsonNode roundTrip = JSON.readTree(ok("codec", "roundtrip", "--dataset", data, "--bits", "4", "--out",
                dir.resolve("rt.cdc").toString(), "--json").out());
        assertEquals("digits", roundTrip.get("dataset").asText());
        assertTrue(roundTrip.get("maxAbsError").asDouble() <= roundTrip.get("halfStep").asDouble() * (1 + 1e-5), roundTrip.toString());

        Path model = out.resolve("models").resolve("cdc-k2.cdcm");
        ok("encode", "--dataset", data, "--split", "test", "--model", model.toString(), "--out", dir.resolve("t.cdc").toString());
        Cli.Result decoded = ok("decode", "--model", model.toString(), "--originals", data, "--out", dir.resolve("decoded").toString(),
                dir.resolve("t.cdc").toString());
        assertTrue(!decoded.err().contains("warning"), decoded.toString());
        java.awt.image.BufferedImage grid = javax.imageio.ImageIO.read(dir.resolve("decoded/grid.png").toFile());
        java.awt.image.BufferedImage alone = decodeWithoutOriginals(model);
        assertTrue(grid.getHeight() > alone.getHeight() * 3 / 2, "originals above reconstructions: about twice the rows");
    }

    private static java.awt.image.BufferedImage decodeWithoutOriginals(Path model) throws IOException {
        ok("decode", "--model", model.toString(), "--out", dir.resolve("decoded-alone").toString(), dir.resolve("t.cdc").toString());
        return javax.imageio.ImageIO.read(dir.resolve("decoded-alone/grid.png").toFile());
    }
}
