package dev.cdc.core.data;

import java.util.Arrays;
import java.util.List;

/**
 * Labelled 8-bit images of one size, as every reader returns them.
 *
 * @param channels 1 (grey) or 3 (RGB)
 * @param height   rows
 * @param width    columns
 * @param pixels   {@code count * channels * height * width} bytes, each image in CHW order
 * @param labels   one class index per image
 * @param classes  class names, indexed by label
 */
public record ImageSet(int channels, int height, int width, byte[] pixels, int[] labels, List<String> classes) {

    public ImageSet {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image shape " + channels + "x" + height + "x" + width
                    + " is not valid: expected positive channels, height and width");
        }
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(labels.length + " images of " + channels + "x" + height + "x"
                    + width + " need " + expected + " pixel bytes, got " + pixels.length);
        }
        classes = List.copyOf(classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i
                        + " is not a class index: expected 0.." + (classes.size() - 1));
            }
        }
    }

    public int count() {
        return labels.length;
    }

    /** Bytes (and elements) of one image. */
    public int imageSize() {
        return channels * height * width;
    }

    /** The first {@code n} images. */
    public ImageSet head(int n) {
        return slice(0, n);
    }

    /** Up to {@code n} images from index {@code from} on. */
    public ImageSet slice(int from, int n) {
        if (from < 0 || from > count()) {
            throw new IllegalArgumentException("start " + from + " is not valid: expected 0.." + count());
        }
        int kept = Math.min(n, count() - from);
        return new ImageSet(channels, height, width, Arrays.copyOfRange(pixels, from * imageSize(), (from + kept) * imageSize()),
                Arrays.copyOfRange(labels, from, from + kept), classes);
    }

    /** The images at {@code indices}, in that order. */
    public ImageSet select(int[] indices) {
        int size = imageSize();
        byte[] chosen = new byte[Math.multiplyExact(indices.length, size)];
        int[] chosenLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= count()) {
                throw new IllegalArgumentException("image " + indices[i] + " is not valid: expected 0.." + (count() - 1));
            }
            System.arraycopy(pixels, indices[i] * size, chosen, i * size, size);
            chosenLabels[i] = labels[indices[i]];
        }
        return new ImageSet(channels, height, width, chosen, chosenLabels, classes);
    }

    /**
     * The same images labelled with another list of classes: label {@code c} becomes
     * {@code labelMap[c]} (from {@link ClassNames#labelMap}); the pixels are shared, not copied.
     */
    public ImageSet labelledAs(List<String> otherClasses, int[] labelMap) {
        if (otherClasses.equals(classes)) {
            return this;
        }
        int[] mapped = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            mapped[i] = labelMap[labels[i]];
        }
        return new ImageSet(channels, height, width, pixels, mapped, otherClasses);
    }

    /** Pixels of image {@code index} scaled to {@code [0, 1]}, written at {@code dst[dstOff..]}. */
    public void copyScaled(int index, float[] dst, int dstOff) {
        int size = imageSize();
        int base = index * size;
        for (int i = 0; i < size; i++) {
            dst[dstOff + i] = (pixels[base + i] & 0xFF) / 255f;
        }
    }
}
