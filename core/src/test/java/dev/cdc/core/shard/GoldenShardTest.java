package dev.cdc.core.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.CodecVectors;
import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.codec.RangeMode;
import dev.cdc.core.entropy.CodeTables;
import dev.cdc.core.reference.PythonReference;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written by every released format (v1 packed, v2 rANS-coded) must decode forever. They are
 * committed under {@code src/test/resources/golden} with the labels and floats they decode to (and,
 * for v2, the code tables they were coded with); nothing here regenerates them. (They were made
 * once, by {@link #writeGoldenFiles}, with {@code -Dcdc.golden.write=src/test/resources/golden}.)
 */
class GoldenShardTest {

    @ParameterizedTest
    @ValueSource(strings = {"v1-fixed-k3", "v1-block-k5", "v2-rans-k2"})
    void committedShardsStillDecode(String name) throws IOException, URISyntaxException {
        Path shard = Path.of(getClass().getResource("/golden/" + name + ".cdc").toURI());
        JsonNode expected = new ObjectMapper().readTree(getClass().getResourceAsStream("/golden/" + name + ".json"));
        CodeTables tables = null;
        if (name.startsWith("v2")) {
            try (InputStream in = getClass().getResourceAsStream("/golden/" + name + ".tables")) {
                tables = CodeTables.read(in.readAllBytes());
            }
        }
        try (ShardReader reader = ShardReader.open(shard).useCodeTables(tables)) {
            assertEquals(name.startsWith("v2"), reader.header().coding().isRans());
            ShardHeader header = reader.header();
            assertEquals(expected.get("fingerprint").asText(), header.fingerprint().toString());
            assertEquals(expected.get("bits").asInt(), header.codec().bits());
            assertEquals(expected.get("mode").asText(), header.codec().mode().name().toLowerCase());
            assertEquals(expected.get("records").asLong(), reader.recordCount());
            assertEquals(name.startsWith("v2") ? "golden v2" : "golden v1", header.dataset());
            assertTrue(reader.damage().isEmpty());
            List<Integer> labels = new ArrayList<>();
            List<Float> decoded = new ArrayList<>();
            for (int c = 0; c < reader.chunks().size(); c++) {
                ShardReader.Chunk chunk = reader.readChunk(c);
                float[] values = new float[chunk.records() * header.elementsPerRecord()];
                new FastCodec(header.codec()).decodeRecords(chunk.codes(), chunk.records(), header.elementsPerRecord(), values);
                for (int label : chunk.labels()) {
                    labels.add(label);
                }
                for (float v : values) {
                    decoded.add(v);
                }
            }
            int[] expectedLabels = new int[expected.get("labels").size()];
            for (int i = 0; i < expectedLabels.length; i++) {
                expectedLabels[i] = expected.get("labels").get(i).asInt();
            }
            assertArrayEquals(expectedLabels, labels.stream().mapToInt(Integer::intValue).toArray());
            float[] want = CodecVectors.floats(expected.get("decoded_f32le").asText());
            float[] got = new float[decoded.size()];
            for (int i = 0; i < got.length; i++) {
                got[i] = decoded.get(i);
            }
            assertTrue(CodecVectors.sameBits(want, got), "decoded floats of " + name);
        }
    }

    /**
     * The fixed-range golden files through {@code scripts/shard_reference.py}, a reader written
     * in Python from the format's text alone: the spec, not just this reader, explains the bytes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"v1-fixed-k3", "v2-rans-k2"})
    void aReaderWrittenFromTheSpecInPythonAgrees(String name) throws IOException, InterruptedException {
        Path golden = Path.of("src", "test", "resources", "golden");
        List<String> arguments = new ArrayList<>(List.of(golden.resolve(name + ".cdc").toString(),
                golden.resolve(name + ".json").toString()));
        if (name.startsWith("v2")) {
            arguments.add(golden.resolve(name + ".tables").toString());
        }
        PythonReference.run("the golden shards", "shard_reference.py", arguments.toArray(String[]::new));
    }

    /** Writes the golden files; runs only when asked, so committed files are never replaced by accident. */
    @Test
    void writeGoldenFiles() throws IOException {
        String target = System.getProperty("cdc.golden.write");
        if (target == null) {
            System.out.println("not writing golden files: set -Dcdc.golden.write=DIR to make new ones");
            return;
        }
        write(Path.of(target), "v1-fixed-k3", CodecSpec.fixed(3, 0f, 1f), false);
        write(Path.of(target), "v1-block-k5", CodecSpec.block(5, 4), false);
        write(Path.of(target), "v2-rans-k2", CodecSpec.fixed(2, 0f, 1f), true);
    }

    private static void write(Path dir, String name, CodecSpec codec, boolean rans) throws IOException {
        ShardHeader header = new ShardHeader(ShardFixtures.FINGERPRINT, codec, new int[] {2, 3, 3}, LabelEncoding.U8, 10,
                rans ? "golden v2" : "golden v1");
        Path shard = dir.resolve(name + ".cdc");
        Files.deleteIfExists(shard);
        if (rans) {
            CodeTables tables = ShardFixtures.tables(header);
            Files.write(dir.resolve(name + ".tables"), tables.toBytes());
            ShardFixtures.write(shard, ShardFixtures.rans(header, tables), tables, 3, 2);
        } else {
            ShardFixtures.write(shard, header, 3, 2);
        }
        int n = header.elementsPerRecord();
        float[] decoded = new float[5 * n];
        new FastCodec(codec).decodeRecords(ShardFixtures.codes(header, 0, 5), 5, n, decoded);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode json = mapper.createObjectNode();
        json.put("fingerprint", header.fingerprint().toString());
        json.put("bits", codec.bits());
        json.put("mode", codec.mode() == RangeMode.FIXED ? "fixed" : "block");
        json.put("records", 5);
        json.putPOJO("labels", ShardFixtures.labels(0, 5));
        json.put("decoded_f32le", CodecVectors.hex(decoded));
        Files.writeString(dir.resolve(name + ".json"), mapper.writeValueAsString(json) + "\n");
    }
}
