package dev.cdc.training.model;

import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.ConvTranspose2dImpl;
import org.bytedeco.pytorch.ConvTranspose2dOptions;
import org.bytedeco.pytorch.GroupNormImpl;
import org.bytedeco.pytorch.GroupNormOptions;

/** Builders for the few layer shapes the models use, hiding the presets' option pointers. */
final class Layers {
    private Layers() {
    }

    /**
     * Height and width values as an array. Never {@code put(a, b)} on the options' pointers:
     * that overload means "element a := b" and writes out of bounds.
     */
    private static long[] pair(long value) {
        return new long[] {value, value};
    }

    static Conv2dImpl conv(long in, long out, long kernel, long stride, long padding) {
        Conv2dOptions options = new Conv2dOptions(in, out, new LongPointer(pair(kernel)));
        options.stride().put(pair(stride));
        options.padding().put(new LongPointer(pair(padding)));
        return new Conv2dImpl(options);
    }

    static BatchNorm2dImpl norm(long channels) {
        return new BatchNorm2dImpl(new BatchNormOptions(channels));
    }

    /** Group norm with groups of 8 channels (fewer channels: one group). */
    static GroupNormImpl groupNorm(long channels) {
        long groups = Math.max(1, channels / 8);
        return new GroupNormImpl(new GroupNormOptions(groups, channels));
    }

    /** Doubles height and width: kernel 4, stride 2, padding 1. */
    static ConvTranspose2dImpl upsample(long in, long out) {
        ConvTranspose2dOptions options = new ConvTranspose2dOptions(in, out, new LongPointer(pair(4)));
        options.stride().put(pair(2));
        options.padding().put(pair(1));
        return new ConvTranspose2dImpl(options);
    }
}
