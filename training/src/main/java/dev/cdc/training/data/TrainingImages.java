package dev.cdc.training.data;

import dev.cdc.core.data.ClassNames;
import dev.cdc.core.data.ImageSet;
import dev.cdc.training.model.ImageShape;
import java.util.List;

/**
 * Labelled images as the trainers see them: values in [0, 1], CHW per image. Raw 8-bit data
 * sets and decoded reconstructions (float) both fit.
 */
public interface TrainingImages {

    ImageShape shape();

    int count();

    int classes();

    /** The classes' names by label; the label numbers where the images came without names. */
    default List<String> classNames() {
        return ClassNames.numbered(classes());
    }

    int label(int index);

    /** Writes image {@code index} into {@code dst[dstOff ..]}, {@code shape().pixels()} floats. */
    void copy(int index, float[] dst, int dstOff);

    static TrainingImages of(ImageSet set) {
        ImageShape shape = new ImageShape(set.channels(), set.height(), set.width());
        return new TrainingImages() {
            @Override
            public ImageShape shape() {
                return shape;
            }

            @Override
            public int count() {
                return set.count();
            }

            @Override
            public int classes() {
                return set.classes().size();
            }

            @Override
            public List<String> classNames() {
                return set.classes();
            }

            @Override
            public int label(int index) {
                return set.labels()[index];
            }

            @Override
            public void copy(int index, float[] dst, int dstOff) {
                set.copyScaled(index, dst, dstOff);
            }
        };
    }

    /** Images held as floats, e.g. what a decoder reconstructed, of classes known by number. */
    static TrainingImages of(ImageShape shape, float[] pixels, int[] labels, int classes) {
        return of(shape, pixels, labels, ClassNames.numbered(classes));
    }

    /** Images held as floats, e.g. what a decoder reconstructed. */
    static TrainingImages of(ImageShape shape, float[] pixels, int[] labels, List<String> classNames) {
        if ((long) labels.length * shape.pixels() != pixels.length) {
            throw new IllegalArgumentException(labels.length + " images of " + shape + " need " + (long) labels.length * shape.pixels()
                    + " floats, got " + pixels.length);
        }
        return new TrainingImages() {
            @Override
            public ImageShape shape() {
                return shape;
            }

            @Override
            public int count() {
                return labels.length;
            }

            @Override
            public int classes() {
                return classNames.size();
            }

            @Override
            public List<String> classNames() {
                return classNames;
            }

            @Override
            public int label(int index) {
                return labels[index];
            }

            @Override
            public void copy(int index, float[] dst, int dstOff) {
                System.arraycopy(pixels, index * shape.pixels(), dst, dstOff, shape.pixels());
            }
        };
    }
}
