package dev.cdc.core.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small data files in the real layouts, for reader tests here and in other modules. */
public final class DataFixtures {
    private DataFixtures() {
    }

    /** An IDX file of unsigned bytes with the given dimensions; content is {@code i % 251}. */
    public static byte[] idx(int[] dims) {
        long count = 1;
        for (int d : dims) {
            count *= d;
        }
        ByteBuffer out = ByteBuffer.allocate(4 + 4 * dims.length + (int) count);
        out.putInt(0x0800 | dims.length);
        for (int d : dims) {
            out.putInt(d);
        }
        for (int i = 0; i < count; i++) {
            out.put((byte) (i % 251));
        }
        return out.array();
    }

    /** IDX labels of the given values. */
    public static byte[] idxLabels(int... labels) {
        ByteBuffer out = ByteBuffer.allocate(8 + labels.length);
        out.putInt(0x0801).putInt(labels.length);
        for (int label : labels) {
            out.put((byte) label);
        }
        return out.array();
    }

    /**
     * An MNIST-shaped data directory: {@code dataRoot/mnist} with {@code train} and {@code test}
     * 28x28 images ({@link #idx}) labelled {@code i % 10}, in the files `cdc` reads for mnist.
     */
    public static Path writeMnistLike(Path dataRoot, int train, int test) throws IOException {
        Path mnist = Files.createDirectories(dataRoot.resolve("mnist"));
        Files.write(mnist.resolve("train-images-idx3-ubyte"), idx(new int[] {train, 28, 28}));
        Files.write(mnist.resolve("train-labels-idx1-ubyte"), idxLabels(tenClasses(train)));
        Files.write(mnist.resolve("t10k-images-idx3-ubyte"), idx(new int[] {test, 28, 28}));
        Files.write(mnist.resolve("t10k-labels-idx1-ubyte"), idxLabels(tenClasses(test)));
        return dataRoot;
    }

    private static int[] tenClasses(int count) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 10;
        }
        return labels;
    }

    public static void writeGzipped(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }

    /** CIFAR-10 binary records: label {@code i % 10}, pixels {@code (i + p) % 256}. */
    public static byte[] cifarRecords(int count) {
        byte[] out = new byte[count * Cifar10BinaryReader.RECORD_BYTES];
        for (int i = 0; i < count; i++) {
            int base = i * Cifar10BinaryReader.RECORD_BYTES;
            out[base] = (byte) (i % 10);
            for (int p = 0; p < Cifar10BinaryReader.IMAGE_BYTES; p++) {
                out[base + 1 + p] = (byte) (i + p);
            }
        }
        return out;
    }

    /**
     * {@code set} written as an image folder: {@code root/CLASS/NNNNN.png}, one PNG per image
     * (grey or RGB as the set is), the layout {@link ImageFolderReader} reads.
     */
    public static void writeImageFolder(Path root, ImageSet set) throws IOException {
        int size = set.imageSize();
        int plane = set.height() * set.width();
        for (int i = 0; i < set.count(); i++) {
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(set.width(), set.height(),
                    set.channels() == 1 ? java.awt.image.BufferedImage.TYPE_BYTE_GRAY : java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < set.height(); y++) {
                for (int x = 0; x < set.width(); x++) {
                    int at = i * size + y * set.width() + x;
                    if (set.channels() == 1) {
                        image.getRaster().setSample(x, y, 0, set.pixels()[at] & 0xFF);
                    } else {
                        int r = set.pixels()[at] & 0xFF;
                        int g = set.pixels()[at + plane] & 0xFF;
                        int b = set.pixels()[at + 2 * plane] & 0xFF;
                        image.setRGB(x, y, (r << 16) | (g << 8) | b);
                    }
                }
            }
            Path file = root.resolve(set.classes().get(set.labels()[i])).resolve(String.format("%05d.png", i));
            Files.createDirectories(file.getParent());
            javax.imageio.ImageIO.write(image, "png", file.toFile());
        }
    }

    /** A version-1 .npy file of {@code descr} and {@code shape} holding {@code data} as it is. */
    public static void npy(Path file, String descr, long[] shape, byte[] data) throws IOException {
        String dims = java.util.Arrays.stream(shape).mapToObj(Long::toString).collect(java.util.stream.Collectors.joining(", ")) + (shape.length == 1 ? "," : "");
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xFF);
        out.write(header.length() >> 8);
        out.write(header.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        out.write(data);
        Files.createDirectories(file.getParent());
        Files.write(file, out.toByteArray());
    }

    public static byte[] int64(long... values) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(8 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            buffer.putLong(v);
        }
        return buffer.array();
    }
}
