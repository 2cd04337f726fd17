package dev.cdc.cli;

import static dev.cdc.cli.Cli.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdc.core.data.DataFixtures;
import dev.cdc.training.LibTorchRuntime;
import dev.cdc.training.model.Classifier;
import dev.cdc.training.store.ModelStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel `train-cloud` on loopback with Gloo, in real processes: the same model as one
 * process, a killed rank that stops the others, and bad variables.
 */
class DistributedTrainCloudTest {
    /** Largest difference allowed between any weight of the one-process and the N-process model. */
    static final double TOLERANCE = 1e-4;
    private static final int IMAGES = 330; // not a multiple of the batch: the last batch is short
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Path data;
    static Path model;
    static Path shard;

    @BeforeAll
    static void aShardToTrainOn() throws IOException {
        data = DataFixtures.writeMnistLike(dir.resolve("data"), IMAGES, 40);
        model = dir.resolve("m.cdcm");
        shard = dir.resolve("s.cdc");
        ok("train", "--data", data.toString(), "--bits", "2", "--epochs", "1", "--guidance-epochs", "1", "--images", "64",
                "--batch", "32", "--out", model.toString());
        ok("encode", "--data", data.toString(), "--model", model.toString(), "--out", shard.toString());
    }


    private static List<String> trainCloud(Path out, int epochs, int batch, String... more) {
        // The default classifier (no normalisation): what a user's data-parallel run trains.
        List<String> args = new ArrayList<>(List.of("train-cloud", "--json", "--data", data.toString(), "--model", model.toString(),
                "--epochs", String.valueOf(epochs), "--batch", String.valueOf(batch), "--seed", "5", "--out",
                out.toString()));
        args.addAll(List.of(more));
        args.add(shard.toString());
        return args;
    }

    @Test
    void twoAndThreeProcessesTrainTheModelOneProcessTrains() throws Exception {
        JsonNode single = JSON.readTree(ok(trainCloud(dir.resolve("one.cdcc"), 2, 32).toArray(String[]::new)).out());
        assertEquals(1, single.get("worldSize").asInt());
        for (int world : new int[] {2, 3}) {
            List<String> args = new ArrayList<>(List.of("launch", "--nproc-per-node", String.valueOf(world), "--"));
            args.addAll(trainCloud(dir.resolve("n" + world + ".cdcc"), 2, 32));
            Cli.Result launched = Cli.run(args.toArray(String[]::new));
            assertEquals(0, launched.exit(), launched.toString());
            JsonNode report = JSON.readTree(launched.out());
            assertEquals(world, report.get("worldSize").asInt(), "rank 0's standard output is its JSON alone");
            assertEquals(single.get("steps").asLong(), report.get("steps").asLong());
            double difference = maxDifference(dir.resolve("one.cdcc"), dir.resolve("n" + world + ".cdcc"));
            assertTrue(difference <= TOLERANCE, world + " processes: weights differ by up to " + difference);
            System.err.printf("%d processes: largest weight difference from one process %.3g%n", world, difference);
        }
    }

    private static double maxDifference(Path a, Path b) throws IOException {
        LibTorchRuntime.configure();
        Classifier first = ModelStore.loadClassifier(a).classifier();
        Classifier second = ModelStore.loadClassifier(b).classifier();
        TensorVector x = first.parameters();
        TensorVector y = second.parameters();
        assertEquals(x.size(), y.size());
        double max = 0;
        for (long i = 0; i < x.size(); i++) {
            Tensor diff = x.get(i).sub(y.get(i)).abs().max();
            max = Math.max(max, diff.item_float());
        }
        assertTrue(max > 0 || x.size() > 0);
        return max;
    }

    private static Process rank(int rank, int world, int port, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("MASTER_ADDR", "127.0.0.1");
        env.put("MASTER_PORT", String.valueOf(port));
        env.put("RANK", String.valueOf(rank));
        env.put("WORLD_SIZE", String.valueOf(world));
        env.put("CDC_THREADS", "1");
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static CompletableFuture<String> collect(java.io.InputStream stream, String signal, CompletableFuture<Void> seen) {
        return CompletableFuture.supplyAsync(() -> {
            StringBuilder text = new StringBuilder();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    text.append(line).append('\n');
                    if (line.contains(signal)) {
                        seen.complete(null);
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
            return text.toString();
        });
    }

    @Test
    void aKilledRankStopsTheOthersWithAClearError() throws Exception {
        int port = freePort();
        List<String> args = trainCloud(dir.resolve("killed.cdcc"), 200, 8, "--dist-timeout", "20s");
        Process leader = rank(0, 2, port, args);
        Process follower = rank(1, 2, port, args);
        CompletableFuture<Void> training = new CompletableFuture<>();
        CompletableFuture<String> leaderErr = collect(leader.getErrorStream(), "cloud classifier: 200 epochs", training);
        collect(leader.getInputStream(), "\u0000", new CompletableFuture<>());
        CompletableFuture<String> followerErr = collect(follower.getErrorStream(), "\u0000", new CompletableFuture<>());
        collect(follower.getInputStream(), "\u0000", new CompletableFuture<>());
        try {
            training.get(90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            leader.destroyForcibly();
            follower.destroyForcibly();
            throw new AssertionError("training never started; rank 0 said:\n" + leaderErr.get() + "\nrank 1 said:\n"
                    + followerErr.get(), e);
        }
        Thread.sleep(500);
        follower.destroyForcibly(); // SIGKILL mid-training
        long killed = System.nanoTime();
        assertTrue(leader.waitFor(60, TimeUnit.SECONDS), "rank 0 stopped within 60 s of losing rank 1");
        double seconds = (System.nanoTime() - killed) / 1e9;
        String err = leaderErr.get(10, TimeUnit.SECONDS);
        assertEquals(1, leader.exitValue(), err);
        assertTrue(err.contains("rank 0: all-reduce failed") && err.contains("a peer rank probably died"), err);
        assertTrue(seconds < 30, "stopped after " + seconds + " s, within the 20 s collective timeout and then some");
        assertTrue(!Files.exists(dir.resolve("killed.cdcc")), "no classifier saved from a broken run");
    }

    @Test
    void badVariablesAreClearErrors() throws Exception {
        List<String> args = trainCloud(dir.resolve("bad.cdcc"), 1, 32, "--dist-timeout", "5s");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName())));
        builder.command().addAll(args);
        builder.environment().putAll(Map.of("MASTER_ADDR", "127.0.0.1", "MASTER_PORT", "abc", "RANK", "0", "WORLD_SIZE", "2"));
        Process badPort = builder.start();
        String badPortErr = new String(badPort.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, badPort.waitFor(), badPortErr);
        assertTrue(badPortErr.contains("MASTER_PORT=abc is not valid: expected a whole number"), badPortErr);

        builder.environment().remove("MASTER_PORT");
        builder.environment().remove("MASTER_ADDR");
        Process missing = builder.start();
        String missingErr = new String(missing.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, missing.waitFor(), missingErr);
        assertTrue(missingErr.contains("MASTER_ADDR, MASTER_PORT are not set"), missingErr);

        Process alone = rank(1, 2, freePort(), args);
        String aloneErr = new String(alone.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(alone.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, alone.exitValue(), aloneErr);
        assertTrue(aloneErr.contains("rank 1 could not reach the rendezvous at 127.0.0.1:") && aloneErr.contains("within 5 s"),
                aloneErr);
    }
}
