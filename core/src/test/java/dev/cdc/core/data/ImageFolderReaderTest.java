package dev.cdc.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.CdcFormatException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
    @TempDir
    Path dir;

    @Test
    void greyPngsKeepTheirExactValues() throws IOException {
        writeGrey(dir.resolve("cat/a.png"), 4, 3, 10);
        writeGrey(dir.resolve("dog/b.png"), 4, 3, 200);
        writeGrey(dir.resolve("dog/c.PNG"), 4, 3, 77);
        ImageSet set = ImageFolderReader.matchingFirst().read(dir);
        assertEquals(List.of("cat", "dog"), set.classes());
        assertEquals(3, set.count());
        assertEquals(1, set.channels());
        assertEquals(3, set.height());
        assertEquals(4, set.width());
        assertEquals(10 + 5, set.pixels()[5] & 0xFF); // value = base + y * width + x
        assertEquals(77, set.pixels()[2 * 12] & 0xFF);
        assertEquals(1, set.labels()[2]);
    }

    @Test
    void colourImagesMakeAnRgbSetAndResizeWhenAsked() throws IOException {
        BufferedImage rgb = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0x112233);
        Files.createDirectories(dir.resolve("x"));
        ImageIO.write(rgb, "png", dir.resolve("x/one.png").toFile());
        ImageIO.write(rgb, "jpg", dir.resolve("x/two.jpg").toFile());
        writeGrey(dir.resolve("y/three.png"), 8, 6, 0);
        ImageSet set = ImageFolderReader.matchingFirst().read(dir);
        assertEquals(3, set.channels());
        assertEquals(0x11, set.pixels()[0] & 0xFF);
        assertEquals(0x22, set.pixels()[48] & 0xFF);
        assertEquals(0x33, set.pixels()[96] & 0xFF);

        ImageSet small = ImageFolderReader.resizingTo(4, 5, 1).read(dir);
        assertEquals(4, small.height());
        assertEquals(5, small.width());
        assertEquals(1, small.channels());
    }

    @Test
    void problemsNameTheFile() throws IOException {
        CdcFormatException missing = assertThrows(CdcFormatException.class,
                () -> ImageFolderReader.matchingFirst().read(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("directory not found"), missing.getMessage());

        CdcFormatException empty = assertThrows(CdcFormatException.class,
                () -> ImageFolderReader.matchingFirst().read(dir));
        assertTrue(empty.getMessage().contains("no class subfolders"), empty.getMessage());

        writeGrey(dir.resolve("a/one.png"), 4, 4, 0);
        writeGrey(dir.resolve("a/two.png"), 5, 4, 0);
        CdcFormatException size = assertThrows(CdcFormatException.class,
                () -> ImageFolderReader.matchingFirst().read(dir));
        assertTrue(size.getMessage().contains("two.png") && size.getMessage().contains("5x4"), size.getMessage());

        Files.delete(dir.resolve("a/two.png"));
        Files.writeString(dir.resolve("a/broken.jpg"), "not a jpeg");
        CdcFormatException broken = assertThrows(CdcFormatException.class,
                () -> ImageFolderReader.matchingFirst().read(dir));
        assertTrue(broken.getMessage().contains("broken.jpg"), broken.getMessage());
    }

    private static void writeGrey(Path file, int width, int height, int base) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (base + y * width + x) % 256);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}
