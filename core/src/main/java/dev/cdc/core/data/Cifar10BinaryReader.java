package dev.cdc.core.data;

import dev.cdc.core.CdcFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CIFAR-10 binary layout ({@code cifar-10-batches-bin}): records of one label byte
 * and 3072 pixel bytes, 1024 red, then green, then blue, row-major, which is already CHW.
 */
public final class Cifar10BinaryReader {
    public static final int SIDE = 32;
    public static final int CHANNELS = 3;
    public static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    public static final List<String> DEFAULT_CLASSES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    private static final int TRAIN_BATCHES = 5;

    private Cifar10BinaryReader() {
    }

    public enum Split {
        TRAIN,
        TEST
    }

    /** Reads a split from the {@code cifar-10-batches-bin} directory. */
    public static ImageSet read(Path directory, Split split) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new CdcFormatException(directory, "directory not found: expected cifar-10-batches-bin"
                    + " with data_batch_1.bin .. data_batch_5.bin and test_batch.bin");
        }
        List<Path> files = new ArrayList<>();
        if (split == Split.TRAIN) {
            for (int i = 1; i <= TRAIN_BATCHES; i++) {
                files.add(directory.resolve("data_batch_" + i + ".bin"));
            }
        } else {
            files.add(directory.resolve("test_batch.bin"));
        }
        return readFiles(files, classNames(directory));
    }

    /** Reads and concatenates batch files. */
    public static ImageSet readFiles(List<Path> files, List<String> classes) throws IOException {
        long total = 0;
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new CdcFormatException(file, "file not found: expected a CIFAR-10 binary batch");
            }
            long size = Files.size(file);
            if (size % RECORD_BYTES != 0) {
                throw new CdcFormatException(file, "size " + size + " is not a multiple of the "
                        + RECORD_BYTES + "-byte CIFAR-10 record (truncated file?)");
            }
            total += size / RECORD_BYTES;
        }
        if (total * IMAGE_BYTES > Integer.MAX_VALUE - 8) {
            throw new CdcFormatException("CIFAR-10 batches hold " + total + " images: too many for one set");
        }
        byte[] pixels = new byte[(int) total * IMAGE_BYTES];
        int[] labels = new int[(int) total];
        int index = 0;
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            if (content.length % RECORD_BYTES != 0) {
                throw new CdcFormatException(file, "file changed while it was read");
            }
            for (int offset = 0; offset < content.length; offset += RECORD_BYTES, index++) {
                int label = content[offset] & 0xFF;
                if (label >= classes.size()) {
                    throw new CdcFormatException(file, "label " + label + " of record " + (offset / RECORD_BYTES)
                            + " is out of range: expected 0.." + (classes.size() - 1));
                }
                labels[index] = label;
                System.arraycopy(content, offset + 1, pixels, index * IMAGE_BYTES, IMAGE_BYTES);
            }
        }
        return new ImageSet(CHANNELS, SIDE, SIDE, pixels, labels, classes);
    }

    /** Class names from {@code batches.meta.txt} when present, else CIFAR-10's ten. */
    private static List<String> classNames(Path directory) throws IOException {
        Path meta = directory.resolve("batches.meta.txt");
        if (!Files.isRegularFile(meta)) {
            return DEFAULT_CLASSES;
        }
        // A label is one byte: 256 names of bounded length at most.
        if (Files.size(meta) > 256L * (ClassNames.MAX_NAME_LENGTH + 2)) {
            throw new CdcFormatException(meta, "is " + Files.size(meta) + " bytes: expected one class name per line, 256 at most");
        }
        List<String> names = Files.readAllLines(meta, StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) {
            return DEFAULT_CLASSES;
        }
        try {
            return ClassNames.checked(names);
        } catch (IllegalArgumentException e) {
            throw new CdcFormatException(meta, e.getMessage());
        }
    }
}
