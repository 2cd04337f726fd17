package dev.cdc.core.data;

import dev.cdc.core.CdcFormatException;
import dev.cdc.core.npy.NpyArray;
import dev.cdc.core.npy.NpyReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Images and labels handed over from Python as {@code images.npy} and {@code labels.npy}: images
 * (N, H, W), (N, C, H, W) or (N, H, W, C) with C 1 or 3, float32 in [0, 1] or uint8; labels any
 * integer type, 0 up to the class count. Class names are the label numbers.
 */
final class NpyImages {
    private static final Set<NpyReader.Dtype> IMAGE_TYPES = EnumSet.of(NpyReader.Dtype.FLOAT32, NpyReader.Dtype.UINT8);
    private static final Set<NpyReader.Dtype> LABEL_TYPES = EnumSet.of(NpyReader.Dtype.UINT8, NpyReader.Dtype.INT8,
            NpyReader.Dtype.UINT16, NpyReader.Dtype.INT16, NpyReader.Dtype.INT32, NpyReader.Dtype.INT64);
    /** The shard format's labels are u8 or u16. */
    private static final int MAX_CLASSES = 65536;

    private NpyImages() {
    }

    /** The largest label in {@code labels.npy} of each given folder, plus one: the class count shared by the splits. */
    static int classCount(List<Path> folders) throws IOException {
        int max = -1;
        for (Path folder : folders) {
            for (float label : labels(folder.resolve("labels.npy")).data()) {
                max = Math.max(max, (int) label);
            }
        }
        if (max < 1) {
            throw new CdcFormatException(folders.get(0).resolve("labels.npy"), "holds one class: expected labels of at least two");
        }
        if (max >= MAX_CLASSES) {
            throw new CdcFormatException(folders.get(0).resolve("labels.npy"), "has label " + max + ": expected at most "
                    + (MAX_CLASSES - 1) + " (labels are stored in 16 bits)");
        }
        return max + 1;
    }

    /** The images and labels in {@code folder}, for {@code classes} classes. */
    static ImageSet read(Path folder, int classes) throws IOException {
        Path imagesFile = folder.resolve("images.npy");
        Path labelsFile = folder.resolve("labels.npy");
        NpyReader.Typed typed = NpyReader.readTyped(imagesFile, IMAGE_TYPES);
        NpyArray images = typed.array();
        NpyArray labelArray = labels(labelsFile);
        long[] shape = images.shape();
        if (shape.length < 3 || shape.length > 4) {
            throw new CdcFormatException(imagesFile, "shape " + images.shapeText() + " is not of images: expected (N, H, W),"
                    + " (N, C, H, W) or (N, H, W, C) with C 1 or 3");
        }
        int n = (int) shape[0];
        boolean channelsFirst = shape.length == 4 && (shape[1] == 1 || shape[1] == 3);
        boolean channelsLast = shape.length == 4 && !channelsFirst && (shape[3] == 1 || shape[3] == 3);
        if (shape.length == 4 && !channelsFirst && !channelsLast) {
            throw new CdcFormatException(imagesFile, "shape " + images.shapeText() + " has no axis of 1 or 3 channels: expected"
                    + " (N, C, H, W) or (N, H, W, C) with C 1 or 3");
        }
        int channels = shape.length == 3 ? 1 : (int) (channelsFirst ? shape[1] : shape[3]);
        int height = (int) (shape.length == 3 ? shape[1] : channelsFirst ? shape[2] : shape[1]);
        int width = (int) (shape.length == 3 ? shape[2] : channelsFirst ? shape[3] : shape[2]);
        if (n < 1 || height < 1 || width < 1) {
            throw new CdcFormatException(imagesFile, "shape " + images.shapeText() + " holds no images");
        }
        if (labelArray.shape().length != 1 || labelArray.shape()[0] != n) {
            throw new CdcFormatException(labelsFile, "shape " + labelArray.shapeText() + " does not match " + n
                    + " images in images.npy: expected (" + n + ",)");
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            float label = labelArray.data()[i];
            if (label < 0 || label >= classes || label != Math.rint(label)) {
                throw new CdcFormatException(labelsFile, "label " + label + " of image " + i + " is not valid: expected 0.."
                        + (classes - 1));
            }
            labels[i] = (int) label;
        }
        boolean bytes = typed.dtype() == NpyReader.Dtype.UINT8;
        return new ImageSet(channels, height, width, pixels(imagesFile, images.data(), bytes, n, channels, height, width,
                channelsLast), labels, classNames(classes));
    }

    private static NpyArray labels(Path file) throws IOException {
        return NpyReader.read(file, LABEL_TYPES);
    }

    /** Bytes in channel-major order: uint8 as they are, float32 in [0, 1] scaled by 255 (anything else refused). */
    private static byte[] pixels(Path file, float[] values, boolean bytes, int n, int channels, int height, int width,
            boolean channelsLast) throws CdcFormatException {
        if (!bytes) {
            for (int i = 0; i < values.length; i++) {
                if (!(values[i] >= 0 && values[i] <= 1)) {
                    throw new CdcFormatException(file, "value " + values[i] + " at element " + i + " is not a pixel: expected"
                            + " float32 in [0, 1] (or uint8 images)");
                }
            }
        }
        float scale = bytes ? 1 : 255;
        int plane = height * width;
        int size = channels * plane;
        byte[] pixels = new byte[Math.multiplyExact(n, size)];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    float v = channelsLast ? values[i * size + p * channels + c] : values[i * size + c * plane + p];
                    pixels[i * size + c * plane + p] = (byte) Math.round(v * scale);
                }
            }
        }
        return pixels;
    }

    private static List<String> classNames(int classes) {
        List<String> names = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            names.add(String.valueOf(c));
        }
        return names;
    }

    /** Whether {@code folder} holds the two files. */
    static boolean present(Path folder) {
        return Files.isRegularFile(folder.resolve("images.npy")) && Files.isRegularFile(folder.resolve("labels.npy"));
    }
}
