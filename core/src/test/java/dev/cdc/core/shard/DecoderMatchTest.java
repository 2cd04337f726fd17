package dev.cdc.core.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.codec.CodecSpec;
import org.junit.jupiter.api.Test;

class DecoderMatchTest {
    private static final ShardHeader HEADER = new ShardHeader(ShardFixtures.FINGERPRINT, CodecSpec.fixed(2, 0f, 1f),
            new int[] {2, 3, 3}, LabelEncoding.U8, 10, "fixture");

    @Test
    void theEncodersOwnDecoderMatches() {
        assertTrue(new DecoderMatch(ShardFixtures.FINGERPRINT, 2, new int[] {2, 3, 3}).check(HEADER).isEmpty());
    }

    @Test
    void eachDifferenceIsNamedWithBothSides() {
        DecoderMatch.Mismatch bits = new DecoderMatch(ShardFixtures.FINGERPRINT, 4, new int[] {2, 3, 3}).check(HEADER).orElseThrow();
        assertEquals(DecoderMatch.Difference.BITS, bits.difference());
        assertTrue(bits.message().contains("2-bit") && bits.message().contains("k=4"), bits.message());

        ModelFingerprint other = ModelFingerprint.sha256("another encoder");
        DecoderMatch.Mismatch stranger = new DecoderMatch(other, 2, new int[] {2, 3, 3}).check(HEADER).orElseThrow();
        assertEquals(DecoderMatch.Difference.FINGERPRINT, stranger.difference());
        assertTrue(stranger.message().contains(other.toString()) && stranger.message().contains(ShardFixtures.FINGERPRINT.toString()));

        DecoderMatch.Mismatch shape = new DecoderMatch(ShardFixtures.FINGERPRINT, 2, new int[] {4, 3, 3}).check(HEADER).orElseThrow();
        assertEquals(DecoderMatch.Difference.LATENT_SHAPE, shape.difference());
        assertTrue(shape.message().contains("[2, 3, 3]") && shape.message().contains("[4, 3, 3]"), shape.message());
    }

    @Test
    void theLatentShapeCannotBeChangedFromOutside() {
        int[] shape = {2, 3, 3};
        DecoderMatch match = new DecoderMatch(ShardFixtures.FINGERPRINT, 2, shape);
        shape[0] = 9;
        match.latentShape()[1] = 9;
        assertTrue(match.check(HEADER).isEmpty());
    }
}
