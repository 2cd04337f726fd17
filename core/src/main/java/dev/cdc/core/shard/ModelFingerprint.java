package dev.cdc.core.shard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The SHA-256 identity of an encoder (its architecture, weights and codec). Shards carry it so
 * the cloud can refuse codes from an encoder it has no decoder for.
 */
public final class ModelFingerprint {
    public static final int BYTES = 32;
    private final byte[] bytes;

    private ModelFingerprint(byte[] bytes) {
        this.bytes = bytes;
    }

    public static ModelFingerprint of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a fingerprint is " + BYTES + " bytes, got " + bytes.length);
        }
        return new ModelFingerprint(bytes.clone());
    }

    /** Parses the 64 hex digits that {@link #toString()} prints. */
    public static ModelFingerprint parse(String hex) {
        if (hex.length() != 2 * BYTES) {
            throw new IllegalArgumentException("fingerprint '" + hex + "' is not valid: expected " + 2 * BYTES + " hex digits");
        }
        try {
            return new ModelFingerprint(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fingerprint '" + hex + "' is not valid: expected hex digits only");
        }
    }

    /** SHA-256 over the parts, each preceded by its length so that boundaries count. */
    public static ModelFingerprint sha256(byte[]... parts) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        for (byte[] part : parts) {
            digest.update(java.nio.ByteBuffer.allocate(8).putLong(part.length).array());
            digest.update(part);
        }
        return new ModelFingerprint(digest.digest());
    }

    public static ModelFingerprint sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelFingerprint that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
