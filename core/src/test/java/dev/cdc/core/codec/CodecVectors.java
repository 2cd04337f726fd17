package dev.cdc.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The committed codec test vectors ({@code testdata/codec-vectors.json}, format described in
 * {@code testdata/README.md}), loaded for tests here and in other modules.
 */
public final class CodecVectors {
    public static final String RESOURCE = "/testdata/codec-vectors.json";

    private CodecVectors() {
    }

    /** One vector: parameters, input, and what the reference produced. */
    public record Vector(String name, CodecSpec spec, int records, int elementsPerRecord, float[] input, int[] codes,
            byte[] packed, float[] decoded) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static List<Vector> load() {
        try (InputStream in = CodecVectors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test class path");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Vector> parse(JsonNode root) {
        List<Vector> vectors = new ArrayList<>();
        for (JsonNode v : root.get("vectors")) {
            int bits = v.get("bits").asInt();
            CodecSpec spec = v.get("mode").asText().equals("fixed")
                    ? CodecSpec.fixed(bits, (float) v.get("lo").asDouble(), (float) v.get("hi").asDouble())
                    : CodecSpec.block(bits, v.get("block_size").asInt());
            int[] codes = new int[v.get("codes").size()];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = v.get("codes").get(i).asInt();
            }
            vectors.add(new Vector(v.get("name").asText(), spec, v.get("records").asInt(),
                    v.get("elements_per_record").asInt(), floats(v.get("input_f32le").asText()), codes,
                    HexFormat.of().parseHex(v.get("packed").asText()), floats(v.get("decoded_f32le").asText())));
        }
        return vectors;
    }

    public static float[] floats(String hex) {
        ByteBuffer bytes = ByteBuffer.wrap(HexFormat.of().parseHex(hex)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    public static String hex(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putInt(Float.floatToRawIntBits(v)); // keep NaN payloads and -0 exactly
        }
        return HexFormat.of().formatHex(bytes.array());
    }

    /** Bitwise float comparison: NaN equals NaN of the same bits, -0 differs from +0. */
    public static boolean sameBits(float[] a, float[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return false;
            }
        }
        return true;
    }
}
