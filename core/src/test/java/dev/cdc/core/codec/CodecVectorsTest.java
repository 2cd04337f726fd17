package dev.cdc.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CodecVectorsTest {

    static Stream<Object[]> vectorsAndCodecs() {
        return CodecVectors.load().stream().flatMap(v -> Stream.of(Codecs.values()).map(c -> new Object[] {v, c}));
    }

    @Test
    void committedVectorsAreWhatTheReferenceGenerates() throws IOException {
        String generated = CodecVectorGenerator.generate() + "\n";
        String target = System.getProperty("cdc.vectors.write");
        if (target != null) {
            Files.writeString(Path.of(target), generated, StandardCharsets.UTF_8);
            System.out.println("rewrote " + Path.of(target).toAbsolutePath());
        }
        String committed;
        try (var in = CodecVectors.class.getResourceAsStream(CodecVectors.RESOURCE)) {
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] want = generated.split("\n");
        String[] have = committed.split("\n");
        for (int i = 0; i < Math.min(want.length, have.length); i++) {
            assertEquals(want[i], have[i], "testdata/codec-vectors.json line " + (i + 1)
                    + " differs from the reference's output");
        }
        assertEquals(want.length, have.length, "testdata/codec-vectors.json line count");
    }

    @Test
    void vectorsCoverEveryBitWidthAndMode() {
        List<CodecVectors.Vector> vectors = CodecVectors.load();
        for (int k = 1; k <= 8; k++) {
            for (RangeMode mode : RangeMode.values()) {
                int bits = k;
                assertTrue(vectors.stream().anyMatch(v -> v.spec().bits() == bits && v.spec().mode() == mode),
                        "no vector for k=" + k + " " + mode);
            }
        }
        assertTrue(vectors.size() > 300, "expected several hundred vectors, found " + vectors.size());
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("vectorsAndCodecs")
    void everyCodecReproducesTheVector(CodecVectors.Vector v, Codecs which) {
        LatentCodec codec = which.create(v.spec());
        int n = v.elementsPerRecord();
        int stride = v.spec().recordBytesExact(n);
        byte[] packed = new byte[v.records() * stride];
        java.util.Arrays.fill(packed, (byte) 0xA5); // poisoned: every byte must be written
        codec.encodeRecords(v.input(), v.records(), n, packed);
        assertArrayEquals(v.packed(), packed, "packed bytes");

        float[] decoded = new float[v.input().length];
        java.util.Arrays.fill(decoded, Float.NaN);
        codec.decodeRecords(v.packed(), v.records(), n, decoded);
        assertTrue(CodecVectors.sameBits(v.decoded(), decoded), "decoded floats differ bitwise");

        int codeBytes = (int) v.spec().codeBytes(n);
        int rangeBytes = stride - codeBytes;
        int[] codes = new int[v.input().length];
        byte[] repacked = new byte[codeBytes];
        for (int r = 0; r < v.records(); r++) {
            codec.unpackCodes(v.packed(), r * stride + rangeBytes, n, codes, r * n);
            java.util.Arrays.fill(repacked, (byte) 0xFF);
            codec.packCodes(codes, r * n, n, repacked, 0);
            assertArrayEquals(java.util.Arrays.copyOfRange(v.packed(), r * stride + rangeBytes, (r + 1) * stride),
                    repacked, "repacked codes of record " + r);
        }
        assertArrayEquals(v.codes(), codes, "unpacked codes");
    }
}
