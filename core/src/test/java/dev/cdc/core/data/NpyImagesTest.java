package dev.cdc.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.CdcFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code npy:PATH}: images and labels as a Python user saves them with NumPy. */
class NpyImagesTest {
    @TempDir
    Path dir;

    static byte[] float32(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    @Test
    void colourBytesInChannelsLastOrderBecomeChannelMajorImages() throws IOException {
        // 2 train images and 1 test image of 2x2 RGB, NHWC: pixel p of image i has (10i + p, 100 + p, 200 + p).
        for (String split : new String[] {"train", "test"}) {
            int n = split.equals("train") ? 2 : 1;
            byte[] pixels = new byte[n * 2 * 2 * 3];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < 4; p++) {
                    pixels[(i * 4 + p) * 3] = (byte) (10 * i + p);
                    pixels[(i * 4 + p) * 3 + 1] = (byte) (100 + p);
                    pixels[(i * 4 + p) * 3 + 2] = (byte) (200 + p);
                }
            }
            DataFixtures.npy(dir.resolve("arrays/" + split + "/images.npy"), "|u1", new long[] {n, 2, 2, 3}, pixels);
            DataFixtures.npy(dir.resolve("arrays/" + split + "/labels.npy"), "<i8", new long[] {n}, split.equals("train") ? DataFixtures.int64(0, 2) : DataFixtures.int64(1));
        }
        DatasetSource source = DatasetSource.parse("npy:" + dir.resolve("arrays"));
        ImageSet train = source.read(dir, DatasetSource.Split.TRAIN);
        assertEquals(3, train.channels());
        assertEquals(2, train.height());
        assertEquals(3, train.classes().size(), "labels 0..2 across both splits");
        assertEquals(13, train.pixels()[12 + 3] & 0xFF, "image 1, red plane, pixel 3");
        assertEquals(101, train.pixels()[4 + 1] & 0xFF, "image 0, green plane, pixel 1");
        assertEquals(202, train.pixels()[8 + 2] & 0xFF, "image 0, blue plane, pixel 2");
        ImageSet test = source.read(dir, DatasetSource.Split.TEST);
        assertEquals(1, test.labels()[0]);
        assertEquals(train.classes(), test.classes());
    }

    @Test
    void greyFloatsInOneFolderAreScaledAndSplitLikeAFolderOfImages() throws IOException {
        float[] values = new float[20 * 3 * 3];
        long[] labels = new long[20];
        for (int i = 0; i < 20; i++) {
            Arrays.fill(values, i * 9, (i + 1) * 9, i / 19f);
            labels[i] = i % 2;
        }
        DataFixtures.npy(dir.resolve("flat/images.npy"), "<f4", new long[] {20, 3, 3}, float32(values));
        DataFixtures.npy(dir.resolve("flat/labels.npy"), "<i8", new long[] {20}, DataFixtures.int64(labels));
        DatasetSource source = DatasetSource.parse("npy:" + dir.resolve("flat"));
        ImageSet train = source.read(dir, DatasetSource.Split.TRAIN);
        ImageSet test = source.read(dir, DatasetSource.Split.TEST);
        assertEquals(16, train.count());
        assertEquals(4, test.count(), "a fifth of each class of ten");
        assertEquals(1, train.channels());
        int last = -1;
        for (int i = 0; i < train.count(); i++) {
            last = Math.max(last, train.pixels()[i * 9] & 0xFF);
        }
        assertTrue(last <= 255 && last >= 200, "floats in [0, 1] scaled to bytes: " + last);
    }

    @Test
    void arraysThatAreNotImagesOrLabelsAreRefusedNamingTheFile() throws IOException {
        DataFixtures.npy(dir.resolve("short/images.npy"), "|u1", new long[] {3, 2, 2}, new byte[12]);
        DataFixtures.npy(dir.resolve("short/labels.npy"), "<i8", new long[] {2}, DataFixtures.int64(0, 1));
        CdcFormatException length = assertThrows(CdcFormatException.class,
                () -> DatasetSource.parse("npy:" + dir.resolve("short")).read(dir, DatasetSource.Split.TRAIN));
        assertTrue(length.getMessage().contains("labels.npy") && length.getMessage().contains("3 images"), length.getMessage());

        DataFixtures.npy(dir.resolve("bright/images.npy"), "<f4", new long[] {2, 1, 1}, float32(0.5f, 2f));
        DataFixtures.npy(dir.resolve("bright/labels.npy"), "<i8", new long[] {2}, DataFixtures.int64(0, 1));
        CdcFormatException bright = assertThrows(CdcFormatException.class,
                () -> DatasetSource.parse("npy:" + dir.resolve("bright")).read(dir, DatasetSource.Split.TRAIN));
        assertTrue(bright.getMessage().contains("[0, 1]"), bright.getMessage());

        DataFixtures.npy(dir.resolve("double/images.npy"), "<f8", new long[] {2, 1, 1}, new byte[16]);
        DataFixtures.npy(dir.resolve("double/labels.npy"), "<i8", new long[] {2}, DataFixtures.int64(0, 1));
        CdcFormatException dtype = assertThrows(CdcFormatException.class,
                () -> DatasetSource.parse("npy:" + dir.resolve("double")).read(dir, DatasetSource.Split.TRAIN));
        assertTrue(dtype.getMessage().contains("'<f8'") && dtype.getMessage().contains("'|u1'"), dtype.getMessage());

        DataFixtures.npy(dir.resolve("one/images.npy"), "|u1", new long[] {2, 1, 1}, new byte[2]);
        DataFixtures.npy(dir.resolve("one/labels.npy"), "<i8", new long[] {2}, DataFixtures.int64(0, 0));
        assertThrows(CdcFormatException.class, () -> DatasetSource.parse("npy:" + dir.resolve("one")).read(dir, DatasetSource.Split.TRAIN));

        CdcFormatException missing = assertThrows(CdcFormatException.class,
                () -> DatasetSource.parse("npy:" + dir.resolve("nothing")).read(dir, DatasetSource.Split.TRAIN));
        assertTrue(missing.getMessage().contains("images.npy and labels.npy"), missing.getMessage());
    }

    @Test
    void moreThan256ClassesKeepTheirLabels() throws IOException {
        int n = 600;
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 300;
        }
        DataFixtures.npy(dir.resolve("many/train/images.npy"), "|u1", new long[] {n, 1, 1}, new byte[n]);
        DataFixtures.npy(dir.resolve("many/train/labels.npy"), "<i8", new long[] {n}, DataFixtures.int64(labels));
        DataFixtures.npy(dir.resolve("many/test/images.npy"), "|u1", new long[] {1, 1, 1}, new byte[1]);
        DataFixtures.npy(dir.resolve("many/test/labels.npy"), "<i8", new long[] {1}, DataFixtures.int64(299));
        ImageSet train = DatasetSource.parse("npy:" + dir.resolve("many")).read(dir, DatasetSource.Split.TRAIN);
        assertEquals(300, train.classes().size());
        assertEquals(299, train.labels()[599]);
    }

    @Test
    void classesTxtNamesTheLabels() throws IOException {
        DataFixtures.npy(dir.resolve("named/images.npy"), "|u1", new long[] {10, 1, 1}, new byte[10]);
        DataFixtures.npy(dir.resolve("named/labels.npy"), "<i8", new long[] {10}, DataFixtures.int64(0, 1, 2, 0, 1, 2, 0, 1, 2, 0));
        Files.writeString(dir.resolve("named/classes.txt"), "cat\ndog\n eel \n\n");
        DatasetSource source = DatasetSource.parse("npy:" + dir.resolve("named"));
        assertEquals(List.of("cat", "dog", "eel"), source.read(dir, DatasetSource.Split.TRAIN).classes());

        Files.writeString(dir.resolve("named/classes.txt"), "cat\ndog\n");
        CdcFormatException few = assertThrows(CdcFormatException.class, () -> source.read(dir, DatasetSource.Split.TRAIN));
        assertTrue(few.getMessage().contains("classes.txt") && few.getMessage().contains("label 2"), few.getMessage());
        Files.writeString(dir.resolve("named/classes.txt"), "cat\ncat\neel\n");
        CdcFormatException twice = assertThrows(CdcFormatException.class, () -> source.read(dir, DatasetSource.Split.TRAIN));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
    }
}
