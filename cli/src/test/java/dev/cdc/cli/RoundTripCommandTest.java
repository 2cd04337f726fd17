package dev.cdc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdc.core.data.DataDirectory;
import dev.cdc.core.data.DataFixtures;
import dev.cdc.core.data.DatasetVerifier;
import dev.cdc.core.data.KnownDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripCommandTest {
    @TempDir
    Path dir;

    @Test
    void roundTripOnIdxFilesMeasuresRealShardBytes() throws IOException {
        Path mnist = dir.resolve("data/mnist");
        Files.createDirectories(mnist);
        Files.write(mnist.resolve("t10k-images-idx3-ubyte"), DataFixtures.idx(new int[] {30, 28, 28}));
        DataFixtures.writeGzipped(mnist.resolve("t10k-labels-idx1-ubyte.gz"), DataFixtures.idxLabels(new int[30]));
        Path shard = dir.resolve("out/x.cdc");
        Cli.Result result = Cli.run("codec", "roundtrip", "--data", dir.resolve("data").toString(), "--images", "25",
                "--bits", "3", "--out", shard.toString(), "--json");
        assertEquals(0, result.exit(), result.toString());
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals(25, json.get("images").asInt());
        assertEquals(25 * 784, json.get("rawBytes").asLong());
        assertEquals(Files.size(shard), json.get("shardBytes").asLong());
        assertTrue(json.get("maxAbsError").asDouble() <= json.get("halfStep").asDouble());
        // 784 pixels at 3 bits = 294 bytes, plus one label byte, per record; headers on top.
        assertTrue(Files.size(shard) > 25 * 295 && Files.size(shard) < 25 * 295 + 200, "shard size " + Files.size(shard));
    }

    @Test
    void roundTripOnRealMnist() throws IOException {
        Path root = DataDirectory.resolve();
        boolean present = DatasetVerifier.verify(KnownDataset.MNIST, root).stream().allMatch(DatasetVerifier.FileCheck::ok);
        assumeTrue(present, () -> {
            String why = "skipped: MNIST is not in " + root + "; run `bin/cdc data fetch`";
            System.out.println(why);
            return why;
        });
        Cli.Result result = Cli.run("codec", "roundtrip", "--images", "2000", "--bits", "2", "--out",
                dir.resolve("m.cdc").toString(), "--json");
        assertEquals(0, result.exit(), result.toString());
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertTrue(json.get("ratio").asDouble() > 3.9, result.out());
        assertTrue(json.get("psnrDb").asDouble() > 15, result.out());
    }
}
