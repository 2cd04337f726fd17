package dev.cdc.core.modelfile;

import dev.cdc.core.shard.ModelFingerprint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The one definition of an autoencoder's fingerprint (docs/model-files.md): SHA-256 over its
 * configuration's text, its encoder's and decoder's parameter files and, when it has them, its
 * entropy coder's tables. The training module computes it from the modules it holds, an edge from
 * the raw entries of the file; both call this, so they cannot drift apart.
 */
public final class AutoencoderFingerprint {
    private AutoencoderFingerprint() {
    }

    /**
     * The configuration as the first model files wrote it; class names stay out (they are labels,
     * not weights), so renaming a class keeps every fingerprint.
     */
    public static String configText(int channels, int height, int width, int classes, int latentChannels, int convWidth,
            int bits) {
        return "ModelConfig[shape=" + channels + "x" + height + "x" + width + ", classes=" + classes + ", latentChannels="
                + latentChannels + ", width=" + convWidth + ", bits=" + bits + "]";
    }

    /** The fingerprint of these parts; {@code codeTables} null for a model without tables. */
    public static ModelFingerprint of(String configText, byte[] encoderFile, byte[] decoderFile, byte[] codeTables) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(configText.getBytes(StandardCharsets.UTF_8));
            digest.update(encoderFile);
            digest.update(decoderFile);
            if (codeTables != null) {
                digest.update(codeTables);
            }
            return ModelFingerprint.of(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
