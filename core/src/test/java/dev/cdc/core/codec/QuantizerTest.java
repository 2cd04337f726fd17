package dev.cdc.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuantizerTest {

    @Test
    void specialValuesFollowTheRules() {
        Quantizer q = Quantizer.of(4, 0f, 1f);
        assertEquals(0, q.code(Float.NaN));
        assertEquals(0, q.code(Float.NEGATIVE_INFINITY));
        assertEquals(15, q.code(Float.POSITIVE_INFINITY));
        assertEquals(0, q.code(0f));
        assertEquals(0, q.code(-5f));
        assertEquals(15, q.code(1f));
        assertEquals(15, q.code(7f));
        assertEquals(0, q.code(-0f));
    }

    @Test
    void codesRoundToNearestLevel() {
        Quantizer q = Quantizer.of(2, 0f, 3f);
        assertEquals(1, q.code(1.2f));
        assertEquals(2, q.code(1.6f));
        assertEquals(2f, q.value(2));
        assertEquals(0f, q.value(0));
        assertEquals(3f, q.value(3));
    }

    @Test
    void degenerateRangeSendsEverythingToLo() {
        Quantizer q = Quantizer.of(8, 0.25f, 0.25f);
        assertEquals(0, q.code(100f));
        assertEquals(0, q.code(Float.POSITIVE_INFINITY)); // inf * 0 is NaN, and NaN goes to 0
        assertEquals(0.25f, q.value(0));
    }

    @Test
    void errorsNameTheBadValue() {
        IllegalArgumentException bits = assertThrows(IllegalArgumentException.class, () -> Quantizer.of(9, 0f, 1f));
        assertTrue(bits.getMessage().contains("9") && bits.getMessage().contains("1..8"), bits.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> Quantizer.of(4, 1f, 0f));
        assertTrue(range.getMessage().contains("lo <= hi"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Quantizer.of(4, Float.NaN, 1f));
        assertThrows(IllegalArgumentException.class, () -> CodecSpec.block(4, 0));
    }

    @Test
    void blockRangeOrdersSignedZerosAndIgnoresNonFinite() {
        float[] range = BlockRange.of(new float[] {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY}, 0, 4);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(range[0]));
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(range[1]));
        float[] none = BlockRange.of(new float[] {Float.NaN, Float.NEGATIVE_INFINITY}, 0, 2);
        assertEquals(0f, none[0]);
        assertEquals(0f, none[1]);
    }

    @Test
    void recordSizesFollowCodecMd() {
        assertEquals(0, CodecSpec.fixed(3, 0, 1).recordBytes(0));
        assertEquals(4, CodecSpec.fixed(3, 0, 1).recordBytes(10)); // 30 bits
        assertEquals(16 + 4, CodecSpec.block(3, 8).recordBytes(10)); // two blocks, 30 bits
        assertEquals(784, CodecSpec.fixed(8, 0, 1).recordBytes(784));
    }
}
