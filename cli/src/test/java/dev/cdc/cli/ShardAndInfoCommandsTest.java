package dev.cdc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.entropy.EntropyFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardAndInfoCommandsTest {
    @TempDir
    Path dir;

    @Test
    void infoReportsLibTorchAndCudaAsJson() throws IOException {
        Cli.Result result = Cli.run("info", "--json");
        assertEquals(0, result.exit(), result.toString());
        JsonNode info = new ObjectMapper().readTree(result.out());
        assertTrue(info.get("platform").get("cores").asInt() >= 1);
        boolean sawTorch = false;
        for (JsonNode backend : info.get("backends")) {
            if (backend.get("backend").asText().equals("libtorch")) {
                sawTorch = true;
                assertTrue(backend.get("available").asBoolean(), result.out());
                assertEquals("2.10.0", backend.get("version").asText());
            }
            if (!backend.get("available").asBoolean()) {
                assertTrue(backend.get("unavailabilityCause").asText().length() > 10, "a cause is given: " + result.out());
            }
        }
        assertTrue(sawTorch, result.out());
    }

    @Test
    void versionAndHelpWork() {
        Cli.Result version = Cli.run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("cdc 0."), version.out());
        for (String[] help : new String[][] {{"--help"}, {"info", "--help"}, {"codec", "pack", "--help"},
            {"codec", "unpack", "--help"}, {"codec", "roundtrip", "--help"}, {"data", "fetch", "--help"},
            {"data", "verify", "--help"}, {"shard", "inspect", "--help"}}) {
            Cli.Result result = Cli.run(help);
            assertEquals(0, result.exit(), String.join(" ", help));
            assertTrue(result.out().contains("Usage:"), result.out());
        }
    }

    @Test
    void inspectReadsTheGoldenShardAndFlagsATornOne() throws IOException {
        Path golden = dir.resolve("golden.cdc");
        try (InputStream in = getClass().getResourceAsStream("/golden/v1-fixed-k3.cdc")) {
            Files.write(golden, in.readAllBytes());
        }
        Cli.Result ok = Cli.run("shard", "inspect", "--json", golden.toString());
        assertEquals(0, ok.exit(), ok.toString());
        JsonNode report = new ObjectMapper().readTree(ok.out());
        assertEquals(5, report.get("records").asInt());
        assertEquals(3, report.get("bits").asInt());
        assertEquals("golden v1", report.get("dataset").asText());

        byte[] bytes = Files.readAllBytes(golden);
        Path torn = dir.resolve("torn.cdc");
        Files.write(torn, Arrays.copyOf(bytes, bytes.length - 7));
        Cli.Result damaged = Cli.run("shard", "inspect", torn.toString());
        assertEquals(1, damaged.exit(), damaged.toString());
        assertTrue(damaged.out().contains("torn last write") && damaged.out().contains("3 in 1 chunks"), damaged.toString());
    }

    @Test
    void entropyCodesTheHeldOutChunksOfAShardAndRefusesOneChunk() throws IOException {
        Path shard = EntropyFixtures.skewedShard(dir.resolve("skewed.cdc"), CodecSpec.fixed(2, 0f, 1f), 10);
        Cli.Result table = Cli.run("shard", "entropy", shard.toString());
        assertEquals(0, table.exit(), table.toString());
        assertTrue(table.out().contains("per channel") && table.out().contains("200 held out"), table.out());
        Cli.Result json = Cli.run("shard", "entropy", "--json", "--fit-share", "0.5", shard.toString());
        JsonNode result = new ObjectMapper().readTree(json.out()).get("result");
        assertEquals(500, result.get("fittedRecords").asInt());
        double packed = result.get("packedBytesPerRecord").asDouble();
        for (JsonNode layout : result.get("layouts")) {
            assertTrue(layout.get("streamBytesPerRecord").asDouble() < packed, layout.toString());
        }
        Cli.Result one = Cli.run("shard", "entropy", EntropyFixtures.skewedShard(dir.resolve("one.cdc"), CodecSpec.fixed(2, 0f, 1f), 1)
                .toString());
        assertEquals(1, one.exit(), one.toString());
        assertTrue(one.err().contains("at least two") && one.err().lines().count() == 1, one.toString());
        assertEquals(2, Cli.run("shard", "entropy", "--fit-share", "1.5", shard.toString()).exit());
    }
}
