package dev.cdc.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.CdcFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    private static final List<String> DIGITS = KnownDataset.MNIST.classes();
    @TempDir
    Path dir;

    @Test
    void readsPlainAndGzippedAlike() throws IOException {
        byte[] content = DataFixtures.idx(new int[] {3, 4, 5});
        Path plain = dir.resolve("images");
        Path gz = dir.resolve("images.gz");
        Files.write(plain, content);
        DataFixtures.writeGzipped(gz, content);
        IdxReader.IdxArray a = IdxReader.read(plain);
        IdxReader.IdxArray b = IdxReader.read(gz);
        assertArrayEquals(new int[] {3, 4, 5}, a.dims());
        assertArrayEquals(a.data(), b.data());
        assertEquals(59, a.data()[59]);
    }

    @Test
    void imagesAndLabelsBecomeOneSet() throws IOException {
        Files.write(dir.resolve("i"), DataFixtures.idx(new int[] {2, 3, 3}));
        Files.write(dir.resolve("l"), DataFixtures.idxLabels(7, 1));
        ImageSet set = IdxReader.readImages(dir.resolve("i"), dir.resolve("l"), DIGITS);
        assertEquals(2, set.count());
        assertEquals(1, set.channels());
        assertArrayEquals(new int[] {7, 1}, set.labels());
        assertEquals(9, set.imageSize());
    }

    @Test
    void errorsNameTheFileAndWhatWasExpected() throws IOException {
        Path badMagic = dir.resolve("bad-magic");
        Files.write(badMagic, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        expect(badMagic, "bad-magic", "not an IDX file");

        byte[] whole = DataFixtures.idx(new int[] {10, 2, 2});
        Path truncated = dir.resolve("truncated");
        Files.write(truncated, Arrays.copyOf(whole, whole.length - 5));
        expect(truncated, "truncated", "need 40 data bytes");

        Path truncatedGz = dir.resolve("truncated.gz");
        DataFixtures.writeGzipped(truncatedGz, Arrays.copyOf(whole, whole.length - 5));
        expect(truncatedGz, "truncated.gz", "stream ends after 35");

        Path ints = dir.resolve("ints");
        byte[] intType = DataFixtures.idx(new int[] {1});
        intType[2] = 0x0C;
        Files.write(ints, intType);
        expect(ints, "type 0x0c", "expected 0x08");

        expect(dir.resolve("missing"), "missing", "file not found");

        // A gzipped file that claims a billion bytes costs only what it holds.
        Path liar = dir.resolve("liar.gz");
        byte[] header = DataFixtures.idx(new int[] {1000, 1000, 1000});
        DataFixtures.writeGzipped(liar, Arrays.copyOf(header, 20));
        expect(liar, "liar.gz", "truncated");
    }

    @Test
    void differentCountsOfImagesAndLabelsAreRefused() throws IOException {
        Files.write(dir.resolve("i"), DataFixtures.idx(new int[] {3, 2, 2}));
        Files.write(dir.resolve("l"), DataFixtures.idxLabels(1, 2));
        CdcFormatException e = assertThrows(CdcFormatException.class,
                () -> IdxReader.readImages(dir.resolve("i"), dir.resolve("l"), DIGITS));
        assertTrue(e.getMessage().contains("2 labels but i holds 3 images"), e.getMessage());

        Files.write(dir.resolve("l2"), DataFixtures.idxLabels(1, 2, 12));
        CdcFormatException range = assertThrows(CdcFormatException.class,
                () -> IdxReader.readImages(dir.resolve("i"), dir.resolve("l2"), DIGITS));
        assertTrue(range.getMessage().contains("label 12"), range.getMessage());
    }

    private static void expect(Path file, String... parts) {
        CdcFormatException e = assertThrows(CdcFormatException.class, () -> IdxReader.read(file));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }
}
