package dev.cdc.training.model;

import dev.cdc.core.codec.CodecSpec;

/**
 * The architecture and codec of an autoencoder.
 *
 * @param shape          input image shape
 * @param classes        classes of the guidance classifier
 * @param latentChannels channels of the latent (its size is latentChannels x ceil(H/4) x ceil(W/4))
 * @param width          channels of the widest convolution; the network's capacity
 * @param bits           k, bits per latent element on the wire
 */
public record ModelConfig(ImageShape shape, int classes, int latentChannels, int width, int bits) {

    /** The encoder ends in a sigmoid: its latent lies in [0, 1]. */
    public static final float LATENT_LO = 0f;
    public static final float LATENT_HI = 1f;

    public ModelConfig {
        if (classes < 2) {
            throw new IllegalArgumentException("classes " + classes + " is not valid: expected at least 2");
        }
        if (latentChannels < 1 || latentChannels > 64) {
            throw new IllegalArgumentException("latent channels " + latentChannels + " is not valid: expected 1..64");
        }
        if (width < 4 || width % 2 != 0) {
            throw new IllegalArgumentException("width " + width + " is not valid: expected an even number >= 4");
        }
        CodecSpec.fixed(bits, LATENT_LO, LATENT_HI); // checks bits with a clear message
    }

    public ModelConfig withBits(int newBits) {
        return new ModelConfig(shape, classes, latentChannels, width, newBits);
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
