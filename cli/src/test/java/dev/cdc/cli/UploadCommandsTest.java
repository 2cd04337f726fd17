package dev.cdc.cli;

import static dev.cdc.cli.Cli.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.data.DataFixtures;
import dev.cdc.core.ingest.ChunkStore;
import dev.cdc.core.ingest.StoreCheck;
import dev.cdc.core.ingest.ThrottlingProxy;
import dev.cdc.core.shard.EntropyCoding;
import dev.cdc.training.ComputeDevice;
import dev.cdc.training.LibTorchRuntime;
import dev.cdc.training.bundle.BundleChunkSource;
import dev.cdc.training.bundle.BundleModels;
import dev.cdc.training.data.TrainingImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edge to cloud through the real commands and real encoders: `bundle create`, `token add`,
 * `serve` in its own process (killed with SIGKILL mid-upload and started again), two edges
 * uploading at once over a link that drops connections, then `train-cloud` on the store.
 * Every record must arrive exactly once, byte for byte, and the cloud classifier trains on them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UploadCommandsTest {
    private static final int IMAGES = 600;
    private static final int CHUNK = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Path data;
    static Path bundle;
    static Path tokens;
    static Path store;
    static Process serve;
    static final List<Process> services = new ArrayList<>();

    @BeforeAll
    static void bundleOfThreeWidths() throws IOException {
        data = DataFixtures.writeMnistLike(dir.resolve("data"), IMAGES, 40);
        String d = data.toString();
        ok("train", "--data", d, "--bits", "2", "--epochs", "1", "--guidance-epochs", "1", "--images", "64", "--batch", "32",
                "--out", dir.resolve("k2.cdcm").toString());
        for (String k : List.of("1", "4")) {
            ok("finetune", "--data", d, "--from", dir.resolve("k2.cdcm").toString(), "--bits", k, "--images", "32", "--out",
                    dir.resolve("k" + k + ".cdcm").toString());
        }
        bundle = dir.resolve("mnist.bundle");
        JsonNode created = JSON.readTree(ok("bundle", "create", "--json", "--out", bundle.toString(),
                dir.resolve("k1.cdcm").toString(), dir.resolve("k4.cdcm").toString(), dir.resolve("k2.cdcm").toString()).out());
        assertEquals(3, created.get("pairs").size());
        assertEquals(1, created.get("pairs").get(0).get("bits").asInt(), "pairs ordered by k");
        assertTrue(created.get("pairs").get(0).get("provenance").get("parent").asText().length() == 64,
                "a fine-tuned pair names its parent");
        tokens = dir.resolve("tokens.json");
        store = dir.resolve("store");
        for (String edge : List.of("edge-a", "edge-b", "edge-c")) {
            Files.writeString(dir.resolve(edge + ".token"), ok("token", "add", "--tokens", tokens.toString(), edge).out().trim());
        }
    }

    @AfterAll
    static void stopService() {
        services.forEach(Process::destroyForcibly);
    }


    /** Starts `cdc serve` in a new JVM and returns its port. */
    private static int startService() throws IOException {
        ServeProcess started = ServeProcess.start(store, bundle, tokens);
        serve = started.process;
        services.add(serve);
        return started.port;
    }

    private static Cli.Result upload(String edge, int port, String... more) {
        List<String> args = new ArrayList<>(List.of("upload", "--json", "--data", data.toString(), "--bundle", bundle.toString(),
                "--server", "http://127.0.0.1:" + port + "/", "--edge", edge, "--token-file",
                dir.resolve(edge + ".token").toString(), "--chunk", String.valueOf(CHUNK), "--journal",
                dir.resolve(edge + ".journal").toString(), "--shard", "mnist-train"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void twoEdgesUploadThroughDropsAndAServiceKilledMidway() throws Exception {
        ThrottlingProxy proxy = new ThrottlingProxy(startService(), 11);
        proxy.setDropProbability(0.01);
        ExecutorService edges = Executors.newFixedThreadPool(2);
        List<Future<Cli.Result>> results = new ArrayList<>();
        for (String edge : List.of("edge-a", "edge-b")) {
            results.add(edges.submit(() -> upload(edge, proxy.port(), "--retries", "40")));
        }
        while (ChunkStore.chunkFiles(store).size() < 12) {
            Thread.sleep(5);
        }
        serve.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no flush
        proxy.retarget(startService());
        for (Future<Cli.Result> result : results) {
            Cli.Result done = result.get(5, TimeUnit.MINUTES);
            assertEquals(0, done.exit(), done.toString());
            JsonNode report = JSON.readTree(done.out());
            assertEquals(IMAGES, report.get("records").asInt());
            assertEquals(IMAGES / CHUNK, report.get("chunks").asInt());
        }
        edges.shutdown();
        proxy.close();

        LibTorchRuntime.configure();
        Bundle read = Bundle.read(bundle);
        TrainingImages images = TrainingImages.of(DatasetSplit.source("mnist").read(data, dev.cdc.core.data.DatasetSource.Split.TRAIN));
        // The default coding: rANS, the bundle's models having code tables.
        BundleChunkSource source = new BundleChunkSource(read, BundleModels.load(read), images, "mnist/train", ComputeDevice.CPU,
                EntropyCoding.Kind.RANS);
        for (String edge : List.of("edge-a", "edge-b")) {
            StoreCheck.everyRecordOnce(store, edge, "mnist-train", source, CHUNK);
        }

        JsonNode cloud = JSON.readTree(ok("train-cloud", "--json", "--data", data.toString(), "--bundle", bundle.toString(),
                "--epochs", "1", "--out", dir.resolve("cloud.cdcc").toString(), store.toString()).out());
        assertEquals(2 * IMAGES, cloud.get("records").asInt(), "the cloud trains on every record that arrived, once");
        assertTrue(cloud.get("testAccuracy").asDouble() >= 0, cloud.toString());
    }

    @Test
    @Order(2)
    void widthFollowsAThrottledLinkAndTheCloudTrainsOnTheMix() throws Exception {
        ThrottlingProxy proxy = new ThrottlingProxy(startService(), 3);
        ExecutorService edge = Executors.newSingleThreadExecutor();
        // One chunk in flight: the proxy throttles each connection rather than the link as a whole, and
        // with one connection the journal's order is the chunks' order that the indices below assume.
        // Bit-packed: the rates below are set for its bytes per record.
        Future<Cli.Result> result = edge.submit(() -> upload("edge-c", proxy.port(), "--deadline", "20s", "--in-flight", "1",
                "--codec", "packed"));
        Path mine = store.resolve("edge-c");
        while (!result.isDone() && count(mine) < 6) {
            Thread.sleep(2);
        }
        proxy.setRate(1000); // 1 kB/s: k=4 for the rest would take 27 s
        while (!result.isDone() && count(mine) < 13) {
            Thread.sleep(2);
        }
        proxy.setRate(0);
        Cli.Result done = result.get(2, TimeUnit.MINUTES);
        edge.shutdown();
        proxy.close();
        assertEquals(0, done.exit(), done.toString());
        List<Integer> bits = Files.readAllLines(dir.resolve("edge-c.journal")).stream().skip(1)
                .map(line -> Integer.parseInt(line.split(" ")[2])).toList();
        int throttledMin = bits.subList(6, 13).stream().mapToInt(Integer::intValue).min().orElseThrow();
        assertEquals(4, bits.get(5), "a fast link gets the widest k: " + bits);
        assertTrue(throttledMin < 4, "k went down on the throttled link: " + bits);
        assertEquals(4, bits.get(bits.size() - 1), "and back up when it lifted: " + bits);

        LibTorchRuntime.configure();
        Bundle read = Bundle.read(bundle);
        TrainingImages images = TrainingImages.of(DatasetSplit.source("mnist").read(data, dev.cdc.core.data.DatasetSource.Split.TRAIN));
        StoreCheck.everyRecordOnce(store, "edge-c", "mnist-train", new BundleChunkSource(read, BundleModels.load(read), images,
                "mnist/train"), CHUNK);
        JsonNode cloud = JSON.readTree(ok("train-cloud", "--json", "--data", data.toString(), "--bundle", bundle.toString(),
                "--epochs", "1", "--out", dir.resolve("cloud-c.cdcc").toString(), mine.toString()).out());
        assertEquals(IMAGES, cloud.get("records").asInt(), "chunks at different k decode and train together");
    }

    private static long count(Path dir) throws IOException {
        return Files.isDirectory(dir) ? ChunkStore.chunkFiles(dir).size() : 0;
    }

    @Test
    @Order(3)
    void rerunIsANoOpAndAJournalOfAnotherUploadIsRefused() throws Exception {
        int port = startService();
        Cli.Result again = upload("edge-a", port);
        assertEquals(0, again.exit(), again.toString());
        assertEquals(0, JSON.readTree(again.out()).get("chunksSent").asInt(), "everything was acknowledged before");
        Cli.Result other = upload("edge-a", port, "--images", "100");
        assertEquals(1, other.exit(), other.toString());
        assertTrue(other.err().contains("belongs to another upload"), other.err());
    }

    @Test
    @Order(4)
    void wrongTokenAndMissingTokenAreClearErrors() throws Exception {
        int port = startService();
        Files.writeString(dir.resolve("bad.token"), "cdc_wrong");
        Cli.Result wrong = Cli.run("upload", "--data", data.toString(), "--bundle", bundle.toString(), "--server",
                "http://127.0.0.1:" + port + "/", "--edge", "edge-a", "--token-file", dir.resolve("bad.token").toString(),
                "--journal", dir.resolve("fresh.journal").toString());
        assertEquals(1, wrong.exit(), wrong.toString());
        // Chunks go several at a time, so the refusal that lands first may be any of them.
        assertTrue(wrong.err().matches("(?s).*refused chunk \\d+ \\(HTTP 401\\): unauthorized: unknown bearer token.*"), wrong.err());
        Cli.Result missing = Cli.run("upload", "--data", data.toString(), "--bundle", bundle.toString(), "--server",
                "http://127.0.0.1:" + port + "/", "--edge", "edge-a", "--token-env", "CDC_NO_SUCH_VARIABLE");
        assertEquals(2, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("no token"), missing.err());
        Cli.Result noBundle = Cli.run("serve", "--store", store.toString(), "--bundle", dir.toString(), "--tokens", tokens.toString());
        assertEquals(1, noBundle.exit(), noBundle.toString());
        assertTrue(noBundle.err().contains("has no bundle.json"), noBundle.err());
    }

    /** rANS-coded chunks from both encoders: smaller on the wire, checked by the service, decoded by the cloud. */
    @Test
    @Order(5)
    void ransCodedChunksTravelAndTrain() throws Exception {
        int port = startService();
        List<String> common = List.of("upload", "--json", "--data", data.toString(), "--bundle", bundle.toString(), "--server",
                "http://127.0.0.1:" + port + "/", "--edge", "edge-c", "--token-file", dir.resolve("edge-c.token").toString(),
                "--chunk", String.valueOf(CHUNK), "--images", "200", "--codec", "rans");
        List<String> libtorch = new ArrayList<>(common);
        libtorch.addAll(List.of("--shard", "rans-libtorch", "--journal", dir.resolve("rans-1.journal").toString()));
        JsonNode coded = JSON.readTree(ok(libtorch.toArray(String[]::new)).out());
        List<String> java = new ArrayList<>(common);
        java.addAll(List.of("--shard", "rans-java", "--backend", "java", "--journal", dir.resolve("rans-2.journal").toString()));
        JsonNode codedJava = JSON.readTree(ok(java.toArray(String[]::new)).out());
        List<String> packed = new ArrayList<>(common.subList(0, common.size() - 2));
        packed.addAll(List.of("--codec", "packed", "--shard", "packed", "--journal", dir.resolve("packed.journal").toString()));
        JsonNode plain = JSON.readTree(ok(packed.toArray(String[]::new)).out());
        assertEquals(plain.get("chunksPerBits"), coded.get("chunksPerBits"), "the same widths over an unthrottled link");
        assertTrue(coded.get("bytesSent").asLong() < plain.get("bytesSent").asLong(), coded + " vs " + plain);
        // The same codes but at a quantization boundary now and then (docs/edge.md): the same bytes, within a few.
        assertEquals(coded.get("bytesSent").asDouble(), codedJava.get("bytesSent").asDouble(), 0.01 * coded.get("bytesSent").asDouble(),
                "both encoders send rANS chunks of the same codes");
        Path mine = store.resolve("edge-c");
        Cli.Result check = ok("store", "check", "--bundle", bundle.toString(), store.toString());
        assertTrue(check.out().contains(" 0 bad"), check.out());
        JsonNode cloud = JSON.readTree(ok("train-cloud", "--json", "--data", data.toString(), "--bundle", bundle.toString(),
                "--epochs", "1", "--out", dir.resolve("cloud-rans.cdcc").toString(), mine.resolve("rans-libtorch").toString(),
                mine.resolve("rans-java").toString()).out());
        assertEquals(400, cloud.get("records").asInt());
    }
}
