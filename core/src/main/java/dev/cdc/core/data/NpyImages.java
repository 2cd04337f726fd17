package dev.cdc.core.data;

import dev.cdc.core.CdcFormatException;
import dev.cdc.core.npy.NpyArray;
import dev.cdc.core.npy.NpyReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Images and labels handed over from Python as {@code images.npy} and {@code labels.npy}: images
 * (N, H, W), (N, C, H, W) or (N, H, W, C) with C 1 or 3, float32 in [0, 1] or uint8; labels any
 * integer type, 0 up to the class count. Class names are the lines of {@code classes.txt} when there
 * is one, else the label numbers.
 */
final class NpyImages {
    private static final Set<NpyReader.Dtype> IMAGE_TYPES = EnumSet.of(NpyReader.Dtype.FLOAT32, NpyReader.Dtype.UINT8);
    private static final Set<NpyReader.Dtype> LABEL_TYPES = EnumSet.of(NpyReader.Dtype.UINT8, NpyReader.Dtype.INT8,
            NpyReader.Dtype.UINT16, NpyReader.Dtype.INT16, NpyReader.Dtype.INT32, NpyReader.Dtype.INT64);
    /** Optional, beside the arrays: one class name per line, in label order. */
    static final String CLASS_NAMES_FILE = "classes.txt";

    private NpyImages() {
    }

    /** The labels in {@code folder}'s {@code labels.npy}, each a whole number in 0..{@link ClassNames#MAX_CLASSES}-1. */
    static int[] labels(Path folder) throws IOException {
        Path file = folder.resolve("labels.npy");
        NpyArray array = NpyReader.read(file, LABEL_TYPES);
        if (array.shape().length != 1) {
            throw new CdcFormatException(file, "shape " + array.shapeText() + " is not of labels: expected (N,)");
        }
        float[] values = array.data();
        int[] labels = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            float label = values[i];
            if (label < 0 || label >= ClassNames.MAX_CLASSES || label != Math.rint(label)) {
                throw new CdcFormatException(file, "label " + label + " of image " + i + " is not valid: expected 0.."
                        + (ClassNames.MAX_CLASSES - 1) + " (labels are stored in 16 bits)");
            }
            labels[i] = (int) label;
        }
        return labels;
    }

    /**
     * The class names for labels up to the largest of {@code labelSets}: the lines of
     * {@code root/classes.txt} when there is one (how a Python user hands names over), else the
     * label numbers.
     */
    static List<String> classNames(Path root, List<int[]> labelSets) throws IOException {
        int max = -1;
        for (int[] labels : labelSets) {
            for (int label : labels) {
                max = Math.max(max, label);
            }
        }
        Path namesFile = root.resolve(CLASS_NAMES_FILE);
        if (!Files.isRegularFile(namesFile)) {
            if (max < 1) {
                throw new CdcFormatException(root.resolve("labels.npy"), "holds one class: expected labels of at least two");
            }
            return ClassNames.numbered(max + 1);
        }
        if (Files.size(namesFile) > (long) ClassNames.MAX_CLASSES * (ClassNames.MAX_NAME_LENGTH + 1)) {
            throw new CdcFormatException(namesFile, "is " + Files.size(namesFile) + " bytes: expected one class name per line");
        }
        List<String> names = Files.readAllLines(namesFile, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(line -> !line.isEmpty()).toList();
        if (names.size() <= max) {
            throw new CdcFormatException(namesFile, "names " + names.size() + " classes but labels.npy has label " + max
                    + ": expected a name for every label");
        }
        try {
            return ClassNames.checked(names);
        } catch (IllegalArgumentException e) {
            throw new CdcFormatException(namesFile, e.getMessage());
        }
    }

    /** The images in {@code folder} with their {@code labels} (read by {@link #labels}), named {@code classes}. */
    static ImageSet read(Path folder, int[] labels, List<String> classes) throws IOException {
        Path imagesFile = folder.resolve("images.npy");
        NpyReader.Typed typed = NpyReader.readTyped(imagesFile, IMAGE_TYPES);
        NpyArray images = typed.array();
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
        if (labels.length != n) {
            throw new CdcFormatException(folder.resolve("labels.npy"), "holds " + labels.length + " labels but images.npy holds "
                    + n + " images: expected one label per image");
        }
        boolean bytes = typed.dtype() == NpyReader.Dtype.UINT8;
        return new ImageSet(channels, height, width, pixels(imagesFile, images.data(), bytes, n, channels, height, width,
                channelsLast), labels, classes);
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

    /** Whether {@code folder} holds the two files. */
    static boolean present(Path folder) {
        return Files.isRegularFile(folder.resolve("images.npy")) && Files.isRegularFile(folder.resolve("labels.npy"));
    }
}
