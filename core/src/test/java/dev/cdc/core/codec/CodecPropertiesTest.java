package dev.cdc.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** docs/codec.md ("What an implementation must show") as properties, over every k and both range modes. */
class CodecPropertiesTest {

    @Provide
    Arbitrary<CodecSpec> specs() {
        Arbitrary<Integer> bits = Arbitraries.integers().between(1, 8);
        Arbitrary<CodecSpec> fixed = Combinators.combine(bits, Arbitraries.floats().between(-4f, 4f),
                Arbitraries.floats().between(0f, 8f)).as((k, lo, width) -> CodecSpec.fixed(k, lo, lo + width));
        Arbitrary<CodecSpec> block = Combinators.combine(bits, Arbitraries.integers().between(1, 100))
                .as(CodecSpec::block);
        return Arbitraries.oneOf(fixed, block);
    }

    /** Floats with the awkward ones well represented: NaN, infinities, zeros, denormals, extremes. */
    @Provide
    Arbitrary<float[]> latents() {
        Arbitrary<Float> element = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(60, Arbitraries.floats().between(-6f, 6f)),
                net.jqwik.api.Tuple.of(10, Arbitraries.floats()),
                net.jqwik.api.Tuple.of(10, Arbitraries.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                        0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE)),
                net.jqwik.api.Tuple.of(20, Arbitraries.integers().map(Float::intBitsToFloat)));
        return element.array(float[].class).ofMaxSize(300);
    }

    @Property(tries = 2000)
    void fastPathEqualsReferenceBitForBit(@ForAll("specs") CodecSpec spec, @ForAll("latents") float[] x) {
        int n = x.length;
        byte[] expected = new byte[spec.recordBytesExact(n) + 3];
        byte[] actual = new byte[expected.length];
        Arrays.fill(expected, (byte) 0x5A);
        Arrays.fill(actual, (byte) 0x5A);
        new ReferenceCodec(spec).encode(x, 0, n, expected, 1);
        new FastCodec(spec).encode(x, 0, n, actual, 1);
        assertArrayEquals(expected, actual);

        float[] fromReference = new float[n];
        float[] fromFast = new float[n];
        new ReferenceCodec(spec).decode(expected, 1, n, fromReference, 0);
        new FastCodec(spec).decode(expected, 1, n, fromFast, 0);
        assertTrue(CodecVectors.sameBits(fromReference, fromFast));
    }

    /** Long inputs at an offset: crosses the fast path's 1,024-element blocks and ends in a partial word. */
    @Property(tries = 300)
    void fastPathEqualsReferenceOnLongInputsAtOffsets(@ForAll @IntRange(min = 1, max = 8) int k,
            @ForAll @IntRange(min = 0, max = 5000) int n, @ForAll @IntRange(min = 0, max = 7) int srcOff, @ForAll long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        float[] x = new float[srcOff + n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 1.4 - 0.2);
        }
        CodecSpec spec = CodecSpec.fixed(k, 0f, 1f);
        byte[] expected = new byte[spec.recordBytesExact(n) + 5];
        byte[] actual = new byte[expected.length];
        Arrays.fill(expected, (byte) 0x5A);
        Arrays.fill(actual, (byte) 0x5A);
        new ReferenceCodec(spec).encode(x, srcOff, n, expected, 3);
        new FastCodec(spec).encode(x, srcOff, n, actual, 3);
        assertArrayEquals(expected, actual);
    }

    @Property(tries = 5000)
    void branchFreeCodeEqualsTheRules(@ForAll @IntRange(min = 1, max = 8) int k, @ForAll int xBits,
            @ForAll("specs") CodecSpec any) {
        float lo = any.mode() == RangeMode.FIXED ? any.lo() : -1f;
        float hi = any.mode() == RangeMode.FIXED ? any.hi() : 2f;
        Quantizer q = Quantizer.of(k, lo, hi);
        float x = Float.intBitsToFloat(xBits);
        for (float value : new float[] {x, lo, hi, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f}) {
            org.junit.jupiter.api.Assertions.assertEquals(q.code(value), q.codeBranchFree(value), "x=" + value);
        }
    }

    @Property(tries = 1000)
    void packThenUnpackReturnsTheCodes(@ForAll @IntRange(min = 1, max = 8) int k,
            @ForAll @Size(max = 500) int[] raw, @ForAll @IntRange(min = 0, max = 7) int offset) {
        int[] codes = Arrays.stream(raw).map(c -> c & ((1 << k) - 1)).toArray();
        CodecSpec spec = CodecSpec.fixed(k, 0f, 1f);
        for (Codecs which : Codecs.values()) {
            LatentCodec codec = which.create(spec);
            byte[] packed = new byte[(int) spec.codeBytes(codes.length) + offset];
            codec.packCodes(codes, 0, codes.length, packed, offset);
            int[] back = new int[codes.length];
            codec.unpackCodes(packed, offset, codes.length, back, 0);
            assertArrayEquals(codes, back, which.name());
            int usedBits = codes.length * k % 8;
            if (usedBits != 0) {
                int last = packed[packed.length - 1] & 0xFF;
                assertTrue((last >>> usedBits) == 0, "unused high bits of the last byte must be zero");
            }
        }
    }

    @Property(tries = 1000)
    void roundTripEqualsQuantizeThenDequantize(@ForAll("specs") CodecSpec spec, @ForAll("latents") float[] x) {
        int n = x.length;
        float[] expected = new float[n];
        if (spec.mode() == RangeMode.FIXED) {
            Quantizer q = spec.fixedQuantizer();
            for (int i = 0; i < n; i++) {
                expected[i] = q.value(q.code(x[i]));
            }
        } else {
            for (int start = 0; start < n; start += spec.blockSize()) {
                int length = Math.min(spec.blockSize(), n - start);
                float[] range = BlockRange.of(x, start, length);
                Quantizer q = Quantizer.ofBlock(spec.bits(), range[0], range[1]);
                for (int i = start; i < start + length; i++) {
                    expected[i] = q.value(q.code(x[i]));
                }
            }
        }
        for (Codecs which : Codecs.values()) {
            LatentCodec codec = which.create(spec);
            byte[] packed = new byte[spec.recordBytesExact(n)];
            codec.encode(x, 0, n, packed, 0);
            float[] back = new float[n];
            codec.decode(packed, 0, n, back, 0);
            assertTrue(CodecVectors.sameBits(expected, back), which.name());
        }
    }

    @Property(tries = 500)
    void reconstructionErrorIsAtMostHalfAStepInsideTheRange(@ForAll @IntRange(min = 1, max = 8) int k,
            @ForAll @Size(max = 200) float[] raw) {
        CodecSpec spec = CodecSpec.fixed(k, 0f, 1f);
        float[] x = new float[raw.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Float.isFinite(raw[i]) ? Math.abs(raw[i]) % 1f : 0.5f;
        }
        byte[] packed = new byte[spec.recordBytesExact(x.length)];
        LatentCodec codec = new FastCodec(spec);
        codec.encode(x, 0, x.length, packed, 0);
        float[] back = new float[x.length];
        codec.decode(packed, 0, x.length, back, 0);
        float halfStep = 0.5f / ((1 << k) - 1);
        for (int i = 0; i < x.length; i++) {
            assertTrue(Math.abs(back[i] - x[i]) <= halfStep * 1.0001f, "x=" + x[i] + " back=" + back[i]);
        }
    }

    @Property(tries = 200)
    void codesThatDoNotFitAreRefused(@ForAll @IntRange(min = 1, max = 7) int k) {
        for (Codecs which : Codecs.values()) {
            LatentCodec codec = which.create(CodecSpec.fixed(k, 0f, 1f));
            int[] codes = {1 << k};
            try {
                codec.packCodes(codes, 0, 1, new byte[2], 0);
                throw new AssertionError(which + " accepted code " + codes[0] + " for k=" + k);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("does not fit"));
            }
        }
    }
}
