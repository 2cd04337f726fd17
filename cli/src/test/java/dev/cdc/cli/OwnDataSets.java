package dev.cdc.cli;

import dev.cdc.core.data.Cifar10BinaryReader;
import dev.cdc.core.data.DataDirectory;
import dev.cdc.core.data.DataFixtures;
import dev.cdc.core.data.ImageSet;
import dev.cdc.core.data.KnownDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One set of real digits written in each form a user can bring (a folder of PNGs, CIFAR-10
 * binary batches, NumPy arrays), for the CLI tests: 400 MNIST test digits when MNIST is in the
 * data directory (the test command fetches it), else MNIST-shaped synthetic ones, said on stdout.
 */
final class OwnDataSets {
    static final List<String> NAMES = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");

    private OwnDataSets() {
    }

    /** 400 digits, real when MNIST is present. */
    static ImageSet digits(Path scratch, String user) throws IOException {
        try {
            ImageSet images = KnownDataset.MNIST.readTest(DataDirectory.resolve()).head(400);
            System.out.println(user + ": 400 real MNIST test digits");
            return images;
        } catch (IOException e) {
            System.out.println(user + ": MNIST is not in the data directory (" + e.getMessage()
                    + "), so synthetic MNIST-shaped images stand in");
            return KnownDataset.MNIST.readTest(DataFixtures.writeMnistLike(scratch.resolve("synthetic"), 10, 400));
        }
    }

    /** {@code --dataset} of the digits in the given form ({@code folder}, {@code cifar10} or {@code npy}), written under {@code dir}. */
    static String write(String kind, ImageSet digits, Path dir) throws IOException {
        Path root = dir.resolve(kind);
        switch (kind) {
            case "folder" -> DataFixtures.writeImageFolder(root, digits);
            case "cifar10" -> writeCifar(root, digits);
            case "npy" -> writeNpy(root, digits);
            default -> throw new IllegalArgumentException(kind);
        }
        return kind + ":" + root;
    }

    /** Five training batches of 64 and a test batch of the rest, with the names in batches.meta.txt. */
    static void writeCifar(Path root, ImageSet digits) throws IOException {
        Files.createDirectories(root);
        Files.write(root.resolve("batches.meta.txt"), NAMES);
        int perBatch = 64;
        for (int b = 0; b < 5; b++) {
            Files.write(root.resolve("data_batch_" + (b + 1) + ".bin"), cifarRecords(digits, b * perBatch, perBatch));
        }
        Files.write(root.resolve("test_batch.bin"), cifarRecords(digits, 5 * perBatch, digits.count() - 5 * perBatch));
    }

    /** Images {@code from ..} of {@code digits} as CIFAR-10 records: the 28 x 28 digit centred in 32 x 32, grey in R, G and B. */
    static byte[] cifarRecords(ImageSet digits, int from, int count) {
        byte[] out = new byte[count * Cifar10BinaryReader.RECORD_BYTES];
        for (int i = 0; i < count; i++) {
            int base = i * Cifar10BinaryReader.RECORD_BYTES;
            out[base] = (byte) digits.labels()[from + i];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 28; y++) {
                    System.arraycopy(digits.pixels(), (from + i) * 784 + y * 28, out, base + 1 + c * 1024 + (y + 2) * 32 + 2, 28);
                }
            }
        }
        return out;
    }

    /** images.npy (N, 28, 28) uint8, labels.npy int64 and classes.txt, split by cdc. */
    static void writeNpy(Path root, ImageSet digits) throws IOException {
        long[] labels = java.util.Arrays.stream(digits.labels()).asLongStream().toArray();
        DataFixtures.npy(root.resolve("images.npy"), "|u1", new long[] {digits.count(), 28, 28}, digits.pixels());
        DataFixtures.npy(root.resolve("labels.npy"), "<i8", new long[] {digits.count()}, DataFixtures.int64(labels));
        Files.write(root.resolve("classes.txt"), NAMES);
    }
}
