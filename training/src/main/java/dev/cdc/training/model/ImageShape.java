package dev.cdc.training.model;

/**
 * Shape of the images a model takes.
 *
 * @param channels 1 or 3
 * @param height   rows
 * @param width    columns
 */
public record ImageShape(int channels, int height, int width) {

    /** The encoder halves twice; inputs are zero-padded up to a multiple of this. */
    public static final int DOWNSAMPLING = 4;

    public ImageShape {
        if (channels < 1 || height < DOWNSAMPLING || width < DOWNSAMPLING) {
            throw new IllegalArgumentException("image shape " + channels + "x" + height + "x" + width
                    + " is not supported: expected at least one channel and " + DOWNSAMPLING + "x" + DOWNSAMPLING + " pixels");
        }
    }

    public int latentHeight() {
        return (height + DOWNSAMPLING - 1) / DOWNSAMPLING;
    }

    public int latentWidth() {
        return (width + DOWNSAMPLING - 1) / DOWNSAMPLING;
    }

    public int paddedHeight() {
        return latentHeight() * DOWNSAMPLING;
    }

    public int paddedWidth() {
        return latentWidth() * DOWNSAMPLING;
    }

    public int pixels() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
