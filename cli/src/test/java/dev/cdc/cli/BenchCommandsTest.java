package dev.cdc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdc.core.data.DataFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `cdc bench codec|encode|train` run small and report what they measured (speed itself is not asserted). */
class BenchCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void mnistShapedData() throws Exception {
        data = DataFixtures.writeMnistLike(dir.resolve("data"), 64, 64);
    }

    private static JsonNode run(String... args) throws Exception {
        Cli.Result result = Cli.run(args);
        assertEquals(0, result.exit(), result.toString());
        return JSON.readTree(result.out());
    }

    @Test
    void codecComparesFourImplementationsAndDrawsThem() throws Exception {
        Path png = dir.resolve("codec.png");
        JsonNode report = run("bench", "codec", "--json", "--elements", "8192", "--bits", "1,8", "--rounds", "1", "--plot",
                png.toString());
        assertTrue(report.get("machine").get("cores").asInt() >= 1);
        assertEquals(2, report.get("rows").size());
        for (JsonNode row : report.get("rows")) {
            for (String field : new String[] {"reference", "fast", "libtorchChain", "copy"}) {
                assertTrue(row.get(field).asDouble() > 0, field + " measured: " + row);
            }
        }
        assertTrue(Files.size(png) > 1000, "a PNG chart");
    }

    @Test
    void encodeComparesWithJpegAndCountsBytes() throws Exception {
        JsonNode report = run("bench", "encode", "--json", "--data", data.toString(), "--batch", "1,16", "--rounds", "1");
        JsonNode batch16 = report.get("rows").get(1);
        assertEquals(16, batch16.get("batch").asInt());
        assertTrue(batch16.get("cdcImagesPerSecond").asDouble() > 0 && batch16.get("jpegImagesPerSecond").asDouble() > 0);
        assertEquals(26.0, batch16.get("cdcBytesPerImage").asDouble(), "2x7x7 codes at k=2 plus a label byte");
    }

    @Test
    void trainSaysWhyThePeerDidNotRun() throws Exception {
        JsonNode report = run("bench", "train", "--json", "--data", data.toString(), "--batch", "16", "--steps", "2",
                "--python", dir.resolve("no-python").toString());
        JsonNode result = report.get("result");
        assertTrue(result.get("cdcMillis").asDouble() > 0);
        assertTrue(result.get("peer").asText().startsWith("not run:") && result.get("peer").asText().contains("python3-torch"),
                result.toString());
    }
}
