package dev.cdc.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.CdcFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10BinaryReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTrainAndTestSplitsInChwOrder() throws IOException {
        for (int i = 1; i <= 5; i++) {
            Files.write(dir.resolve("data_batch_" + i + ".bin"), DataFixtures.cifarRecords(3));
        }
        Files.write(dir.resolve("test_batch.bin"), DataFixtures.cifarRecords(4));
        ImageSet train = Cifar10BinaryReader.read(dir, Cifar10BinaryReader.Split.TRAIN);
        ImageSet test = Cifar10BinaryReader.read(dir, Cifar10BinaryReader.Split.TEST);
        assertEquals(15, train.count());
        assertEquals(4, test.count());
        assertEquals(3, test.channels());
        assertEquals(32, test.height());
        assertEquals(3, test.labels()[3]);
        // image 2, green plane (offset 1024), first pixel: (2 + 1024) % 256
        assertEquals((byte) (2 + 1024), test.pixels()[2 * 3072 + 1024]);
        assertEquals("airplane", test.classes().get(0));
    }

    @Test
    void classNamesComeFromTheMetaFile() throws IOException {
        Files.write(dir.resolve("test_batch.bin"), DataFixtures.cifarRecords(1));
        Files.writeString(dir.resolve("batches.meta.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n");
        assertEquals("j", Cifar10BinaryReader.read(dir, Cifar10BinaryReader.Split.TEST).classes().get(9));
    }

    @Test
    void truncatedMissingAndBadLabelsAreNamed() throws IOException {
        byte[] records = DataFixtures.cifarRecords(2);
        Files.write(dir.resolve("test_batch.bin"), Arrays.copyOf(records, records.length - 1));
        CdcFormatException truncated = assertThrows(CdcFormatException.class,
                () -> Cifar10BinaryReader.read(dir, Cifar10BinaryReader.Split.TEST));
        assertTrue(truncated.getMessage().contains("test_batch.bin") && truncated.getMessage().contains("3073"),
                truncated.getMessage());

        CdcFormatException missing = assertThrows(CdcFormatException.class,
                () -> Cifar10BinaryReader.read(dir, Cifar10BinaryReader.Split.TRAIN));
        assertTrue(missing.getMessage().contains("data_batch_1.bin"), missing.getMessage());

        records[0] = 42;
        Files.write(dir.resolve("test_batch.bin"), records);
        CdcFormatException label = assertThrows(CdcFormatException.class,
                () -> Cifar10BinaryReader.read(dir, Cifar10BinaryReader.Split.TEST));
        assertTrue(label.getMessage().contains("label 42"), label.getMessage());

        CdcFormatException noDir = assertThrows(CdcFormatException.class,
                () -> Cifar10BinaryReader.read(dir.resolve("nope"), Cifar10BinaryReader.Split.TEST));
        assertTrue(noDir.getMessage().contains("directory not found"), noDir.getMessage());
    }
}
