package dev.cdc.training.model;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.data.ClassNames;
import dev.cdc.core.modelfile.AutoencoderFingerprint;
import java.util.List;

/**
 * The architecture and codec of an autoencoder.
 *
 * @param shape          input image shape
 * @param classNames     names of the classes the guidance classifier tells apart, by label
 * @param latentChannels channels of the latent (its size is latentChannels x ceil(H/4) x ceil(W/4))
 * @param width          channels of the widest convolution; the network's capacity
 * @param bits           k, bits per latent element on the wire
 */
public record ModelConfig(ImageShape shape, List<String> classNames, int latentChannels, int width, int bits) {

    /** The encoder ends in a sigmoid: its latent lies in [0, 1]. */
    public static final float LATENT_LO = 0f;
    public static final float LATENT_HI = 1f;

    public ModelConfig {
        classNames = ClassNames.checked(classNames);
        if (latentChannels < 1 || latentChannels > 64) {
            throw new IllegalArgumentException("latent channels " + latentChannels + " is not valid: expected 1..64");
        }
        if (width < 4 || width % 2 != 0) {
            throw new IllegalArgumentException("width " + width + " is not valid: expected an even number >= 4");
        }
        CodecSpec.fixed(bits, LATENT_LO, LATENT_HI); // checks bits with a clear message
    }

    /** A model whose classes are known by number only. */
    public ModelConfig(ImageShape shape, int classes, int latentChannels, int width, int bits) {
        this(shape, ClassNames.numbered(classes), latentChannels, width, bits);
    }

    public ModelConfig withBits(int newBits) {
        return new ModelConfig(shape, classNames, latentChannels, width, newBits);
    }

    /** What the fingerprint covers of the configuration ({@link AutoencoderFingerprint#configText}). */
    public String fingerprintText() {
        return AutoencoderFingerprint.configText(shape.channels(), shape.height(), shape.width(), classes(), latentChannels, width,
                bits);
    }

    /** How many classes the guidance classifier tells apart. */
    public int classes() {
        return classNames.size();
    }

    public int[] latentShape() {
        return new int[] {latentChannels, shape.latentHeight(), shape.latentWidth()};
    }

    public int latentElements() {
        return latentChannels * shape.latentHeight() * shape.latentWidth();
    }

    public CodecSpec codec() {
        return CodecSpec.fixed(bits, LATENT_LO, LATENT_HI);
    }
}
