package dev.cdc.training.data;

import dev.cdc.training.model.ImageShape;
import java.util.SplittableRandom;

/**
 * Random shifts and mirror images of training images, drawn per image from a generator the
 * caller seeds (so a run, a resumed run and a data-parallel run see the same images). Only
 * label-preserving changes: a shift of a few pixels, filled with zeros (the background of the
 * packaged data sets), and, where the data set allows it, a left-right mirror (a shoe is a shoe
 * either way; a mirrored 2 is not a 2).
 *
 * @param maxShift        the largest shift in pixels along each axis (0: none)
 * @param mirror          whether half the images are mirrored left to right
 */
public record Augmentation(int maxShift, boolean mirror) {
    public static final Augmentation NONE = new Augmentation(0, false);

    public Augmentation {
        if (maxShift < 0 || maxShift > 8) {
            throw new IllegalArgumentException("shift " + maxShift + " is not valid: expected 0..8 pixels");
        }
    }

    public boolean isNone() {
        return maxShift == 0 && !mirror;
    }

    /** Augments the image at {@code pixels[offset ..]} in place. */
    public void apply(float[] pixels, int offset, ImageShape shape, SplittableRandom random) {
        int dy = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
        int dx = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
        boolean flip = mirror && random.nextBoolean();
        if (dx == 0 && dy == 0 && !flip) {
            return;
        }
        int h = shape.height();
        int w = shape.width();
        float[] source = new float[h * w];
        for (int c = 0; c < shape.channels(); c++) {
            int plane = offset + c * h * w;
            System.arraycopy(pixels, plane, source, 0, h * w);
            for (int y = 0; y < h; y++) {
                int sy = y - dy;
                for (int x = 0; x < w; x++) {
                    int sx = flip ? w - 1 - (x - dx) : x - dx;
                    boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
                    pixels[plane + y * w + x] = inside ? source[sy * w + sx] : 0f;
                }
            }
        }
    }
}
