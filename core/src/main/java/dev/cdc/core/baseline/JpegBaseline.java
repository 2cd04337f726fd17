package dev.cdc.core.baseline;

import dev.cdc.core.data.ImageSet;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * JPEG (ImageIO, baseline Huffman) as the peer a user would pick instead of CDC. Bytes are
 * counted as an abbreviated JPEG stream would send them: the quantization and Huffman tables
 * (DQT, DHT) and application segments (APPn) are the same for every image at one quality, so
 * they are counted once per data set, not per image; every other byte of every image counts.
 */
public final class JpegBaseline {
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int DQT = 0xDB;
    private static final int DHT = 0xC4;

    private JpegBaseline() {
    }

    /**
     * JPEG of a whole image set at one quality.
     *
     * @param quality      ImageIO quality in (0, 1]
     * @param imageBytes   bytes of all images without their tables
     * @param tableBytes   bytes of the shared tables (DQT and DHT segments), once
     * @param decoded      the decoded pixels, in the image set's layout
     */
    public record Result(float quality, long imageBytes, long tableBytes, byte[] decoded, int count) {
        /** Bytes per image with {@code labelBytes} per image for the label, tables amortised. */
        public double bytesPerImage(int labelBytes) {
            return (imageBytes + tableBytes + (long) labelBytes * count) / (double) count;
        }
    }

    public static Result run(ImageSet set, float quality) {
        long imageBytes = 0;
        long tableBytes = 0;
        byte[] decoded = new byte[set.pixels().length];
        for (int i = 0; i < set.count(); i++) {
            byte[] jpeg = encode(set, i, quality);
            long tables = tableBytes(jpeg);
            tableBytes = Math.max(tableBytes, tables);
            imageBytes += jpeg.length - tables - applicationBytes(jpeg);
            decode(jpeg, set, decoded, i * set.imageSize());
        }
        return new Result(quality, imageBytes, tableBytes, decoded, set.count());
    }

    /** The quality whose bytes per image on {@code sample} come closest to {@code target}. */
    public static float qualityFor(ImageSet sample, double targetBytesPerImage, int labelBytes) {
        int lo = 1;
        int hi = 100;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (run(sample, mid / 100f).bytesPerImage(labelBytes) < targetBytesPerImage) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int best = lo;
        if (lo > 1 && Math.abs(run(sample, (lo - 1) / 100f).bytesPerImage(labelBytes) - targetBytesPerImage)
                < Math.abs(run(sample, lo / 100f).bytesPerImage(labelBytes) - targetBytesPerImage)) {
            best = lo - 1;
        }
        return best / 100f;
    }

    /** One image as a complete JPEG file, tables included. */
    public static byte[] encode(ImageSet set, int index, float quality) {
        BufferedImage image = toImage(set, index);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static void decode(byte[] jpeg, ImageSet set, byte[] dst, int offset) {
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            BufferedImage image = reader.read(0);
            int plane = set.height() * set.width();
            WritableRaster raster = image.getRaster();
            for (int y = 0; y < set.height(); y++) {
                for (int x = 0; x < set.width(); x++) {
                    for (int c = 0; c < set.channels(); c++) {
                        dst[offset + c * plane + y * set.width() + x] = (byte) raster.getSample(x, y, c);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            reader.dispose();
        }
    }

    private static BufferedImage toImage(ImageSet set, int index) {
        int plane = set.height() * set.width();
        int base = index * set.imageSize();
        BufferedImage image = new BufferedImage(set.width(), set.height(),
                set.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < set.height(); y++) {
            for (int x = 0; x < set.width(); x++) {
                for (int c = 0; c < set.channels(); c++) {
                    raster.setSample(x, y, c, set.pixels()[base + c * plane + y * set.width() + x] & 0xFF);
                }
            }
        }
        return image;
    }

    /** Total length of the DQT and DHT segments of a JPEG stream. */
    static long tableBytes(byte[] jpeg) {
        return segmentBytes(jpeg, true);
    }

    /** Total length of the APPn segments (JFIF and the like), which an abbreviated stream omits. */
    static long applicationBytes(byte[] jpeg) {
        return segmentBytes(jpeg, false);
    }

    private static long segmentBytes(byte[] jpeg, boolean tables) {
        long total = 0;
        int at = 2; // after SOI
        if (jpeg.length < 4 || (jpeg[1] & 0xFF) != SOI) {
            throw new IllegalArgumentException("not a JPEG stream");
        }
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
            int marker = jpeg[at + 1] & 0xFF;
            if (marker == SOS || marker == EOI) {
                break; // entropy-coded data follows; no tables after it in a baseline stream
            }
            int length = ((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF);
            boolean isTable = marker == DQT || marker == DHT;
            boolean isApplication = marker >= 0xE0 && marker <= 0xEF;
            if (tables ? isTable : isApplication) {
                total += 2 + length;
            }
            at += 2 + length;
        }
        return total;
    }
}
