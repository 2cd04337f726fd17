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
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written by the first released format (v1) must decode forever. They are committed under
 * {@code src/test/resources/golden} with the labels and floats they decode to; nothing here
 * regenerates them. (They were made once, by {@link #writeGoldenFiles}, with
 * {@code -Dcdc.golden.write=src/test/resources/golden}.)
 */
class GoldenShardTest {

    @ParameterizedTest
    @ValueSource(strings = {"v1-fixed-k3", "v1-block-k5"})
    void committedV1ShardsStillDecode(String name) throws IOException, URISyntaxException {
        Path shard = Path.of(getClass().getResource("/golden/" + name + ".cdc").toURI());
        JsonNode expected = new ObjectMapper().readTree(getClass().getResourceAsStream("/golden/" + name + ".json"));
        try (ShardReader reader = ShardReader.open(shard)) {
            ShardHeader header = reader.header();
            assertEquals(expected.get("fingerprint").asText(), header.fingerprint().toString());
            assertEquals(expected.get("bits").asInt(), header.codec().bits());
            assertEquals(expected.get("mode").asText(), header.codec().mode().name().toLowerCase());
            assertEquals(expected.get("records").asLong(), reader.recordCount());
            assertEquals("golden v1", header.dataset());
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

    /** Writes the golden files; runs only when asked, so committed files are never replaced by accident. */
    @Test
    void writeGoldenFiles() throws IOException {
        String target = System.getProperty("cdc.golden.write");
        if (target == null) {
            System.out.println("not writing golden files: set -Dcdc.golden.write=DIR to make new ones");
            return;
        }
        write(Path.of(target), "v1-fixed-k3", CodecSpec.fixed(3, 0f, 1f));
        write(Path.of(target), "v1-block-k5", CodecSpec.block(5, 4));
    }

    private static void write(Path dir, String name, CodecSpec codec) throws IOException {
        ShardHeader header = new ShardHeader(ShardFixtures.FINGERPRINT, codec, new int[] {2, 3, 3}, LabelEncoding.U8, 10,
                "golden v1");
        Path shard = dir.resolve(name + ".cdc");
        Files.deleteIfExists(shard);
        ShardFixtures.write(shard, header, 3, 2);
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
