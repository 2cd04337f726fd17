package dev.cdc.core.data;

import dev.cdc.core.CdcFormatException;
import dev.cdc.core.text.Printable;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a folder with one subfolder per class (sorted by name, label = position) holding PNG
 * or JPEG images of any size, grey or colour, through ImageIO. All images come out at one size
 * and channel count: given, or taken from the first image (then every other must match).
 */
public final class ImageFolderReader {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    private final Integer targetHeight;
    private final Integer targetWidth;
    private final Integer targetChannels;
    private boolean skipBad;

    private ImageFolderReader(Integer height, Integer width, Integer channels) {
        this.targetHeight = height;
        this.targetWidth = width;
        this.targetChannels = channels;
    }

    /** Size and channels from the data: every image must have the first one's size. */
    public static ImageFolderReader matchingFirst() {
        return new ImageFolderReader(null, null, null);
    }

    /** Every image resized (bilinear) to {@code height x width} and converted to {@code channels}. */
    public static ImageFolderReader resizingTo(int height, int width, int channels) {
        return resizing(height, width, channels);
    }

    /** As {@link #resizingTo}, with {@code channels} null meaning 3 if any image has colour, else 1. */
    public static ImageFolderReader resizing(int height, int width, Integer channels) {
        if (height < 1 || width < 1 || (channels != null && channels != 1 && channels != 3)) {
            throw new IllegalArgumentException("target " + channels + "x" + height + "x" + width
                    + " is not valid: expected positive size and 1 or 3 channels");
        }
        return new ImageFolderReader(height, width, channels);
    }

    /** This reader, skipping images it cannot decode (each counted in one warning) instead of failing on the first. */
    public ImageFolderReader skippingBad() {
        ImageFolderReader reader = new ImageFolderReader(targetHeight, targetWidth, targetChannels);
        reader.skipBad = true;
        return reader;
    }

    public ImageSet read(Path root) throws IOException {
        return read(root, warning -> { });
    }

    /**
     * Reads {@code root}; {@code warn} hears, once each, how many files were not images (by
     * extension; they are ignored) and, when skipping, how many images could not be decoded.
     */
    public ImageSet read(Path root, Consumer<String> warn) throws IOException {
        return read(root, warn, null);
    }

    /**
     * Reads the images of {@code root} that {@code select} picks: it is given the label of every
     * image file found (in listing order: classes by name, files by name) and returns the indices
     * to decode, so a split costs the decoding of its own images only (null: all of them).
     * Without a channel count given, a split is colour when any image of the folder is, so that
     * both splits come out alike; the other images' headers tell, not their pixels.
     */
    ImageSet read(Path root, Consumer<String> warn, UnaryOperator<int[]> select) throws IOException {
        Listing listing = list(root);
        if (listing.notImages() > 0) {
            warn.accept(root + ": ignored " + listing.notImages() + " file" + (listing.notImages() == 1 ? "" : "s")
                    + " that are not .png, .jpg or .jpeg");
        }
        int[] chosen = select == null ? identity(listing.files().size()) : select.apply(listing.labels());
        Integer height = targetHeight;
        Integer width = targetWidth;
        List<byte[]> decoded = new ArrayList<>(chosen.length);
        List<Integer> labels = new ArrayList<>(chosen.length);
        boolean[] classHasImages = new boolean[listing.classes().size()];
        boolean anyColour = false;
        int skipped = 0;
        String firstSkipped = null;
        for (int index : chosen) {
            Path file = listing.files().get(index);
            BufferedImage image;
            try {
                image = decode(file);
            } catch (CdcFormatException e) {
                if (!skipBad) {
                    throw e;
                }
                skipped++;
                firstSkipped = firstSkipped != null ? firstSkipped : e.getMessage();
                continue;
            }
            if (height == null) {
                height = image.getHeight();
                width = image.getWidth();
            } else if (targetHeight == null && (image.getHeight() != height || image.getWidth() != width)) {
                throw new CdcFormatException(file, "image is " + image.getWidth() + "x" + image.getHeight()
                        + " but the first image is " + width + "x" + height
                        + ": expected one size, or --resize HxW to bring every image to one");
            }
            // Each image is brought to its final size at once: a folder of large photos is never held whole.
            boolean colour = isColour(image);
            anyColour |= colour;
            int channels = targetChannels != null ? targetChannels : colour ? 3 : 1;
            byte[] pixels = new byte[channels * height * width];
            writeChw(resized(image, height, width), channels, pixels, 0);
            decoded.add(pixels);
            labels.add(listing.labels()[index]);
            classHasImages[listing.labels()[index]] = true;
        }
        if (skipped > 0) {
            warn.accept(root + ": skipped " + skipped + " image" + (skipped == 1 ? "" : "s") + " that could not be decoded; the first: "
                    + firstSkipped);
        }
        for (int c = 0; select == null && c < classHasImages.length; c++) {
            if (!classHasImages[c]) {
                throw new CdcFormatException(root.resolve(listing.classes().get(c)), "class folder holds no readable images:"
                        + " expected .png, .jpg or .jpeg files that decode (remove the folder if the class is not wanted)");
            }
        }
        if (decoded.isEmpty()) {
            throw new CdcFormatException(root, chosen.length == 0 ? "has no images for this split: expected at least two images"
                    + " per class, so that a fifth can be set aside for testing" : "has no readable images for this split");
        }
        int channels = targetChannels != null ? targetChannels
                : anyColour || (select != null && anyColourElsewhere(listing.files(), chosen)) ? 3 : 1;
        int size = channels * height * width;
        byte[] pixels = new byte[Math.multiplyExact(size, decoded.size())];
        for (int i = 0; i < decoded.size(); i++) {
            byte[] image = decoded.get(i);
            for (int c = 0; c < channels; c++) {
                // A grey image among colour ones is the same grey in each channel.
                int from = image.length == size ? c * height * width : 0;
                System.arraycopy(image, from, pixels, i * size + c * height * width, height * width);
            }
        }
        return new ImageSet(channels, height, width, pixels, labels.stream().mapToInt(Integer::intValue).toArray(),
                listing.classes());
    }

    /** What a folder holds, before any image is decoded. */
    private record Listing(List<String> classes, List<Path> files, int[] labels, int notImages) {
    }

    private static Listing list(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new CdcFormatException(root, "directory not found: expected a folder with one subfolder per class");
        }
        List<Path> classDirs;
        try (Stream<Path> entries = Files.list(root)) {
            // Hidden folders (.ipynb_checkpoints, .DS_Store's kin) are tools' litter, not classes.
            classDirs = entries.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(".")).sorted().toList();
        }
        if (classDirs.isEmpty()) {
            throw new CdcFormatException(root, "no class subfolders: expected one subfolder per class holding PNG or JPEG images");
        }
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int notImages = 0;
        for (Path dir : classDirs) {
            int label = classes.size();
            classes.add(dir.getFileName().toString());
            int before = files.size();
            List<Path> entries;
            try (Stream<Path> listed = Files.list(dir)) {
                entries = listed.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : entries) {
                if (isImage(file)) {
                    files.add(file);
                    labels.add(label);
                } else {
                    notImages++;
                }
            }
            if (files.size() == before) {
                throw new CdcFormatException(dir, "class folder holds no images: expected .png, .jpg or .jpeg files in every class"
                        + " folder (remove the folder if the class is not wanted)");
            }
        }
        return new Listing(classes, files, labels.stream().mapToInt(Integer::intValue).toArray(), notImages);
    }

    private static int[] identity(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }

    /** Whether any image not among {@code chosen} has colour, from its header alone (unreadable ones count as grey). */
    private static boolean anyColourElsewhere(List<Path> files, int[] chosen) {
        boolean[] taken = new boolean[files.size()];
        for (int index : chosen) {
            taken[index] = true;
        }
        for (int i = 0; i < files.size(); i++) {
            if (!taken[i] && headerSaysColour(files.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean headerSaysColour(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return false;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                Iterator<javax.imageio.ImageTypeSpecifier> types = reader.getImageTypes(0);
                return types.hasNext() && types.next().getColorModel().getNumColorComponents() > 1;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static final String SKIP_HINT = "; --skip-bad-images skips such images and counts them";
    /** The most pixels one image may claim before it is decoded: 64 megapixels (an 8192 x 8192 photo). */
    static final long MAX_PIXELS = 64L << 20;

    /**
     * Decodes one image, its size read from the header and bounded before any pixel is
     * allocated: a small file can claim a huge image. ImageIO throws runtime exceptions on some
     * malformed files; those, like its I/O errors, become this file's format error.
     */
    static BufferedImage decode(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new CdcFormatException(file, "not a readable PNG or JPEG image" + SKIP_HINT);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS || reader.getWidth(0) < 1 || reader.getHeight(0) < 1) {
                    throw new CdcFormatException(file, "image claims " + reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " pixels: expected at most " + MAX_PIXELS + " pixels");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (CdcFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CdcFormatException(file, "ImageIO could not decode this image (" + Printable.of(String.valueOf(e.getMessage()))
                    + ")" + SKIP_HINT);
        }
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static boolean isColour(BufferedImage image) {
        return image.getColorModel().getNumColorComponents() > 1;
    }

    private static int greyAsRgb(BufferedImage image, int x, int y) {
        int bits = image.getColorModel().getComponentSize(0);
        int v = image.getRaster().getSample(x, y, 0);
        int grey = bits == 8 ? v : (int) Math.round(v * 255.0 / ((1 << bits) - 1));
        return (grey << 16) | (grey << 8) | grey;
    }

    private static BufferedImage resized(BufferedImage image, int height, int width) {
        if (image.getHeight() == height && image.getWidth() == width) {
            return image;
        }
        int type = isColour(image) ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY;
        BufferedImage out = new BufferedImage(width, height, type);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    /**
     * Grey is the ITU-R BT.601 luma of RGB, rounded, as PIL's convert("L") does. Grey sources
     * are read from the raster: {@code getRGB} would pass them through a colour conversion and
     * change their values.
     */
    private static void writeChw(BufferedImage image, int channels, byte[] dst, int offset) {
        int height = image.getHeight();
        int width = image.getWidth();
        int plane = height * width;
        boolean greySource = !isColour(image) && image.getRaster().getNumBands() == 1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = greySource ? greyAsRgb(image, x, y) : image.getRGB(x, y);
                int r = (rgb >>> 16) & 0xFF;
                int g = (rgb >>> 8) & 0xFF;
                int b = rgb & 0xFF;
                int at = offset + y * width + x;
                if (channels == 1) {
                    dst[at] = (byte) ((r * 299 + g * 587 + b * 114 + 500) / 1000);
                } else {
                    dst[at] = (byte) r;
                    dst[at + plane] = (byte) g;
                    dst[at + 2 * plane] = (byte) b;
                }
            }
        }
    }
}
