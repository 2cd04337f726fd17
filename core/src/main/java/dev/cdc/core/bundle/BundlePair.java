package dev.cdc.core.bundle;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.shard.ModelFingerprint;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One encoder/decoder pair of a bundle: the model fine-tuned for one bit width.
 *
 * @param bits        k, the width this pair quantizes to
 * @param fingerprint the encoder's fingerprint, which its shards carry
 * @param file        the model file, relative to the bundle directory
 * @param codec       the codec its shards use
 * @param provenance  where the model came from (data set, seed, settings, parent), as its file says
 */
public record BundlePair(int bits, ModelFingerprint fingerprint, String file, CodecSpec codec, Map<String, Object> provenance) {
    public BundlePair {
        if (codec.bits() != bits) {
            throw new IllegalArgumentException("pair for k=" + bits + " has a " + codec.bits() + "-bit codec");
        }
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance)); // may hold nulls, unlike Map.copyOf
    }
}
