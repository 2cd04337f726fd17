package dev.cdc.core.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Builds {@code testdata/codec-vectors.json} from {@link ReferenceCodec}. {@code CodecVectorsTest}
 * fails when the committed file and this generator disagree; after a deliberate change to the
 * codec rules, rewrite the file with
 * {@code mvn -q -pl core test -Dtest=CodecVectorsTest -Dcdc.vectors.write=../testdata/codec-vectors.json}.
 */
public final class CodecVectorGenerator {
    static final long SEED = 20201;

    private CodecVectorGenerator() {
    }

    static String generate() throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("format", "cdc-codec-vectors");
        root.put("version", 1);
        root.put("generator", "dev.cdc.core.codec.CodecVectorGenerator over ReferenceCodec, seed " + SEED);
        ArrayNode vectors = root.putArray("vectors");
        long seed = SEED;
        for (CodecSpec spec : CodecCases.specs()) {
            for (Map.Entry<String, float[]> entry : CodecCases.inputsFor(spec, seed++).entrySet()) {
                vectors.add(vector(mapper, spec, entry.getKey(), 1, entry.getValue()));
            }
        }
        // Several records in one stream: each record starts on a byte boundary.
        CodecSpec multi = CodecSpec.fixed(3, 0f, 1f);
        vectors.add(vector(mapper, multi, "three-records-of-5", 3,
                CodecCases.uniform(new java.util.SplittableRandom(seed++), 15, 0f, 1f)));
        CodecSpec multiBlock = CodecSpec.block(5, 4);
        vectors.add(vector(mapper, multiBlock, "three-records-of-6", 3,
                CodecCases.normal(new java.util.SplittableRandom(seed), 18, 0f, 1f)));
        return mapper.writeValueAsString(root);
    }

    private static ObjectNode vector(ObjectMapper mapper, CodecSpec spec, String caseName, int records, float[] input) {
        int n = input.length / records;
        ReferenceCodec codec = new ReferenceCodec(spec);
        int stride = spec.recordBytesExact(n);
        byte[] packed = new byte[records * stride];
        codec.encodeRecords(input, records, n, packed);
        float[] decoded = new float[input.length];
        codec.decodeRecords(packed, records, n, decoded);
        int[] codes = new int[input.length];
        int rangeBytes = stride - (int) spec.codeBytes(n);
        for (int r = 0; r < records; r++) {
            codec.unpackCodes(packed, r * stride + rangeBytes, n, codes, r * n);
        }
        ObjectNode v = mapper.createObjectNode();
        String mode = spec.mode() == RangeMode.FIXED ? "fixed" : "block";
        String params = spec.mode() == RangeMode.FIXED ? "[" + spec.lo() + "," + spec.hi() + "]" : "B" + spec.blockSize();
        v.put("name", "k" + spec.bits() + "-" + mode + params + "-" + caseName);
        v.put("bits", spec.bits());
        v.put("mode", mode);
        if (spec.mode() == RangeMode.FIXED) {
            v.put("lo", (double) spec.lo());
            v.put("hi", (double) spec.hi());
        } else {
            v.put("block_size", spec.blockSize());
        }
        v.put("records", records);
        v.put("elements_per_record", n);
        v.put("input_f32le", CodecVectors.hex(input));
        ArrayNode codeArray = v.putArray("codes");
        for (int c : codes) {
            codeArray.add(c);
        }
        v.put("packed", HexFormat.of().formatHex(packed));
        v.put("decoded_f32le", CodecVectors.hex(decoded));
        return v;
    }
}
