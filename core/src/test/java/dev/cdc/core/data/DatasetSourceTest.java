package dev.cdc.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.CdcFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way of naming a data set, and the folder layouts with their split and their mistakes. */
class DatasetSourceTest {
    @TempDir
    Path dir;

    /** {@code count} 6x5 grey images per class, each image's pixels its index (so images can be told apart). */
    private ImageSet classes(int count, String... names) {
        int n = count * names.length;
        byte[] pixels = new byte[n * 30];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % names.length;
            Arrays.fill(pixels, i * 30, (i + 1) * 30, (byte) i);
        }
        return new ImageSet(1, 5, 6, pixels, labels, List.of(names));
    }

    @Test
    void namesParseToTheirKind() {
        assertSame(KnownDataset.MNIST, DatasetSource.parse("mnist").packaged());
        assertEquals("fashion-mnist", DatasetSource.parse("fashion-mnist").label());
        assertInstanceOf(DatasetSource.Folder.class, DatasetSource.parse("folder:/data/pets"));
        assertEquals("pets", DatasetSource.parse("folder:/data/pets").label());
        assertInstanceOf(DatasetSource.Folder.class, DatasetSource.parse(dir.toString()), "a plain path to a directory");
        assertInstanceOf(DatasetSource.Cifar10.class, DatasetSource.parse("cifar10:/data/cifar-10-batches-bin"));
        assertNull(DatasetSource.parse("cifar10:/x").packaged());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> DatasetSource.parse("imagenet"));
        assertTrue(unknown.getMessage().contains("folder:PATH") && unknown.getMessage().contains("cifar10:PATH"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatasetSource.parse("folder:"));
    }

    @Test
    void aFolderOfClassesIsSplitByClassTheSameWayEveryTime() throws IOException {
        DataFixtures.writeImageFolder(dir.resolve("pets"), classes(10, "cat", "dog", "eel"));
        DatasetSource source = DatasetSource.parse("folder:" + dir.resolve("pets"));
        ImageSet train = source.read(dir, DatasetSource.Split.TRAIN);
        ImageSet test = source.read(dir, DatasetSource.Split.TEST);
        assertEquals(24, train.count());
        assertEquals(6, test.count(), "a fifth of each class of ten");
        for (int c = 0; c < 3; c++) {
            int label = c;
            assertEquals(2, Arrays.stream(test.labels()).filter(l -> l == label).count(), "stratified: two of class " + c);
        }
        Set<Byte> trainImages = new HashSet<>();
        for (int i = 0; i < train.count(); i++) {
            trainImages.add(train.pixels()[i * 30]);
        }
        for (int i = 0; i < test.count(); i++) {
            assertTrue(trainImages.add(test.pixels()[i * 30]), "image " + test.pixels()[i * 30] + " in both splits");
        }
        assertArrayEquals(test.pixels(), source.read(dir, DatasetSource.Split.TEST).pixels(), "the same split on every read");
    }

    @Test
    void aFolderWithTrainAndTestUsesThem() throws IOException {
        DataFixtures.writeImageFolder(dir.resolve("d/train"), classes(4, "a", "b"));
        DataFixtures.writeImageFolder(dir.resolve("d/test"), classes(2, "a", "b"));
        DatasetSource source = DatasetSource.parse(dir.resolve("d").toString());
        assertEquals(8, source.read(dir, DatasetSource.Split.TRAIN).count());
        assertEquals(4, source.read(dir, DatasetSource.Split.TEST).count());
    }

    @Test
    void layoutMistakesAreNamedWithTheFolder() throws IOException {
        DataFixtures.writeImageFolder(dir.resolve("mismatch/train"), classes(2, "a", "b"));
        DataFixtures.writeImageFolder(dir.resolve("mismatch/test"), classes(2, "a", "c"));
        CdcFormatException classes = assertThrows(CdcFormatException.class,
                () -> DatasetSource.parse("folder:" + dir.resolve("mismatch")).read(dir, DatasetSource.Split.TEST));
        assertTrue(classes.getMessage().contains("same class subfolders"), classes.getMessage());

        DataFixtures.writeImageFolder(dir.resolve("half/train"), classes(2, "a", "b"));
        CdcFormatException half = assertThrows(CdcFormatException.class,
                () -> DatasetSource.parse("folder:" + dir.resolve("half")).read(dir, DatasetSource.Split.TRAIN));
        assertTrue(half.getMessage().contains("but not test/"), half.getMessage());

        DataFixtures.writeImageFolder(dir.resolve("one"), classes(5, "only"));
        CdcFormatException one = assertThrows(CdcFormatException.class,
                () -> DatasetSource.parse("folder:" + dir.resolve("one")).read(dir, DatasetSource.Split.TRAIN));
        assertTrue(one.getMessage().contains("at least two classes"), one.getMessage());

        DataFixtures.writeImageFolder(dir.resolve("empty"), classes(3, "a", "b"));
        Files.createDirectories(dir.resolve("empty/c"));
        CdcFormatException empty = assertThrows(CdcFormatException.class,
                () -> DatasetSource.parse("folder:" + dir.resolve("empty")).read(dir, DatasetSource.Split.TRAIN));
        assertTrue(empty.getMessage().contains("empty" + java.io.File.separator + "c") && empty.getMessage().contains("no images"),
                empty.getMessage());
    }

    @Test
    void mixedSizesAreRefusedUnlessResizedAndOnlyFoldersResize() throws IOException {
        DataFixtures.writeImageFolder(dir.resolve("mixed"), classes(3, "x"));
        ImageSet big = new ImageSet(1, 9, 7, new byte[3 * 63], new int[3], List.of("y"));
        DataFixtures.writeImageFolder(dir.resolve("mixed"), big);
        DatasetSource mixed = DatasetSource.parse("folder:" + dir.resolve("mixed"));
        CdcFormatException sizes = assertThrows(CdcFormatException.class, () -> mixed.read(dir, DatasetSource.Split.TRAIN));
        assertTrue(sizes.getMessage().contains("--resize"), sizes.getMessage());

        ImageSet resized = mixed.resizedTo(new DatasetSource.Target(20, 16, null)).read(dir, DatasetSource.Split.TRAIN);
        assertEquals(20, resized.height());
        assertEquals(16, resized.width());
        assertEquals(1, resized.channels(), "grey images stay grey unless asked");
        assertEquals(3, mixed.resizedTo(new DatasetSource.Target(8, 8, 3)).read(dir, DatasetSource.Split.TEST).channels());

        IllegalArgumentException packaged = assertThrows(IllegalArgumentException.class,
                () -> DatasetSource.parse("mnist").resizedTo(new DatasetSource.Target(8, 8, 1)));
        assertTrue(packaged.getMessage().contains("folder:PATH"), packaged.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DatasetSource.Target(8, 8, 2));
    }

    @Test
    void undecodableImagesStopTheReadUnlessSkippedAndHugeClaimsAreRefusedBeforeDecoding() throws IOException {
        DataFixtures.writeImageFolder(dir.resolve("d"), classes(5, "a", "b"));
        Files.write(dir.resolve("d/a/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.writeString(dir.resolve("d/b/notes.txt"), "not an image");
        DatasetSource source = DatasetSource.parse("folder:" + dir.resolve("d"));
        CdcFormatException broken = assertThrows(CdcFormatException.class, () -> source.read(dir, DatasetSource.Split.TRAIN));
        assertTrue(broken.getMessage().contains("broken.png") && broken.getMessage().contains("--skip-bad-images"), broken.getMessage());

        List<String> warnings = new java.util.ArrayList<>();
        ImageSet train = source.skippingBad().read(dir, DatasetSource.Split.TRAIN, warnings::add);
        ImageSet test = source.skippingBad().read(dir, DatasetSource.Split.TEST, warnings::add);
        assertEquals(10, train.count() + test.count(), "the ten good images, split");
        assertEquals(2, test.count(), "a fifth of each class's files (the broken one falls in train with the split seed)");
        assertEquals(3, warnings.size(), "a non-image per read, the broken image in one: " + warnings);
        assertTrue(warnings.stream().filter(w -> w.contains("ignored 1 file")).count() == 2, warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("skipped 1 image") && w.contains("broken.png")), warnings.toString());

        // A valid PNG whose header claims 100,000 x 100,000 pixels: refused from the header, nothing allocated.
        Path huge = dir.resolve("d/b/huge.png");
        Files.copy(dir.resolve("d/b/00001.png"), huge);
        byte[] png = Files.readAllBytes(huge);
        ByteBuffer header = ByteBuffer.wrap(png);
        header.putInt(16, 100_000).putInt(20, 100_000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17);
        header.putInt(29, (int) crc.getValue());
        Files.write(huge, png);
        CdcFormatException claim = assertThrows(CdcFormatException.class, () -> ImageFolderReader.decode(huge));
        assertTrue(claim.getMessage().contains("100000x100000"), claim.getMessage());
    }

    @Test
    void eachSplitOfAFolderDecodesItsOwnImagesOnly() throws IOException {
        DataFixtures.writeImageFolder(dir.resolve("d"), classes(5, "a", "b"));
        DatasetSource source = DatasetSource.parse("folder:" + dir.resolve("d"));
        ImageSet test = source.read(dir, DatasetSource.Split.TEST);
        Set<Byte> testImages = new HashSet<>();
        for (int i = 0; i < test.count(); i++) {
            testImages.add(test.pixels()[i * test.imageSize()]);
        }
        // Every training image broken: the test split, decided on the file listing, never opens them.
        try (var files = Files.walk(dir.resolve("d"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!testImages.contains(pixelOf(file))) {
                    Files.write(file, new byte[] {1, 2, 3});
                }
            }
        }
        assertArrayEquals(test.pixels(), source.read(dir, DatasetSource.Split.TEST).pixels());
        CdcFormatException broken = assertThrows(CdcFormatException.class, () -> source.read(dir, DatasetSource.Split.TRAIN));
        assertTrue(broken.getMessage().contains("--skip-bad-images"), broken.getMessage());
    }

    @Test
    void oneColourImageMakesBothSplitsColour() throws IOException {
        DataFixtures.writeImageFolder(dir.resolve("d"), classes(5, "a", "b"));
        java.awt.image.BufferedImage red = new java.awt.image.BufferedImage(6, 5, java.awt.image.BufferedImage.TYPE_INT_RGB);
        red.setRGB(0, 0, 0xFF0000);
        javax.imageio.ImageIO.write(red, "png", dir.resolve("d/a/red.png").toFile());
        DatasetSource source = DatasetSource.parse("folder:" + dir.resolve("d"));
        ImageSet train = source.read(dir, DatasetSource.Split.TRAIN);
        ImageSet test = source.read(dir, DatasetSource.Split.TEST);
        assertEquals(3, train.channels());
        assertEquals(3, test.channels(), "the colour image lies in one split; the other follows from the headers");
        int plane = test.height() * test.width();
        for (int i = 0; i < test.count(); i++) {
            int at = i * test.imageSize();
            assertEquals(test.pixels()[at], test.pixels()[at + plane], "a grey image is the same grey in every channel");
        }
    }

    private static byte pixelOf(Path png) throws IOException {
        return (byte) (javax.imageio.ImageIO.read(png.toFile()).getRaster().getSample(0, 0, 0));
    }

    @Test
    void hiddenFoldersAreNotClasses() throws IOException {
        DataFixtures.writeImageFolder(dir.resolve("d"), classes(5, "a", "b"));
        Files.createDirectories(dir.resolve("d/.ipynb_checkpoints"));
        assertEquals(List.of("a", "b"), DatasetSource.parse("folder:" + dir.resolve("d")).read(dir, DatasetSource.Split.TRAIN)
                .classes());
    }

    @Test
    void cifarBatchesAreReadFromTheirFolder() throws IOException {
        Path cifar = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        for (int i = 1; i <= 5; i++) {
            Files.write(cifar.resolve("data_batch_" + i + ".bin"), DataFixtures.cifarRecords(3));
        }
        Files.write(cifar.resolve("test_batch.bin"), DataFixtures.cifarRecords(4));
        DatasetSource source = DatasetSource.parse("cifar10:" + cifar);
        assertEquals(15, source.read(dir, DatasetSource.Split.TRAIN).count());
        ImageSet test = source.read(dir, DatasetSource.Split.TEST);
        assertEquals(4, test.count());
        assertEquals(3, test.channels());
    }
}
