package dev.cdc.core.shard;

import java.util.Arrays;
import java.util.Optional;

/**
 * Whether a shard's codes can go through a given decoder: written by that decoder's encoder (the
 * fingerprint), at its k, with its latent shape. The one check that the cloud's decoder and the
 * ingest service both make, so that the service never stores what the decoder would refuse.
 *
 * @param fingerprint the encoder-decoder pair's fingerprint
 * @param bits        the k the pair was trained for
 * @param latentShape the encoder's latent shape, channels first
 */
public record DecoderMatch(ModelFingerprint fingerprint, int bits, int[] latentShape) {
    public DecoderMatch {
        latentShape = latentShape.clone();
    }

    @Override
    public int[] latentShape() {
        return latentShape.clone();
    }

    /** What differs, for callers that answer each difference their own way (an HTTP status, say). */
    public enum Difference {
        BITS, FINGERPRINT, LATENT_SHAPE
    }

    /** The first difference found and a one-line message naming both sides. */
    public record Mismatch(Difference difference, String message) {
    }

    /** Empty when {@code header}'s codes fit this decoder. */
    public Optional<Mismatch> check(ShardHeader header) {
        int codeBits = header.codec().bits();
        if (codeBits != bits) {
            return Optional.of(new Mismatch(Difference.BITS, "codes are " + codeBits + "-bit but the model decodes k=" + bits
                    + " (wrong k for this model: decode with the model that encoded them)"));
        }
        if (!header.fingerprint().equals(fingerprint)) {
            return Optional.of(new Mismatch(Difference.FINGERPRINT, "codes come from encoder " + header.fingerprint()
                    + " but the model has fingerprint " + fingerprint + ": this model has no decoder for the shard"));
        }
        if (!Arrays.equals(header.latentShape(), latentShape)) {
            return Optional.of(new Mismatch(Difference.LATENT_SHAPE, "latent shape " + Arrays.toString(header.latentShape())
                    + " does not match the model's " + Arrays.toString(latentShape)));
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DecoderMatch that && fingerprint.equals(that.fingerprint) && bits == that.bits
                && Arrays.equals(latentShape, that.latentShape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * fingerprint.hashCode() + bits) + Arrays.hashCode(latentShape);
    }

    @Override
    public String toString() {
        return "DecoderMatch[" + fingerprint + ", k=" + bits + ", latent " + Arrays.toString(latentShape) + "]";
    }
}
