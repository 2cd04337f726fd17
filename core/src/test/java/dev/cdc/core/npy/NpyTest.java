package dev.cdc.core.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.CdcFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void writeThenReadRoundTripsShapesAndBits() throws IOException {
        for (long[] shape : new long[][] {{}, {0}, {5}, {2, 3}, {2, 0, 4}, {1, 2, 3, 4}}) {
            int count = (int) NpyArray.elementCount(shape);
            float[] data = new float[count];
            for (int i = 0; i < count; i++) {
                data[i] = i == 1 ? Float.intBitsToFloat(0x7fc00123) : i * 0.5f - 1f;
            }
            Path file = dir.resolve("a" + shape.length + count + ".npy");
            NpyWriter.write(file, new NpyArray(shape, data));
            NpyArray back = NpyReader.read(file);
            assertArrayEquals(shape, back.shape());
            for (int i = 0; i < count; i++) {
                assertEquals(Float.floatToRawIntBits(data[i]), Float.floatToRawIntBits(back.data()[i]));
            }
            assertEquals(0, (Files.size(file) - count * 4L) % 64, "data aligned to 64 bytes as NumPy does");
        }
    }

    @Test
    void readsWhatNumpyWritesIncludingVersion2() throws IOException {
        // Bytes as numpy.save writes np.arange(3, dtype='<f4'), header padded with spaces.
        Path v1 = dir.resolve("v1.npy");
        Files.write(v1, npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 0f, 1f, 2f));
        assertArrayEquals(new float[] {0f, 1f, 2f}, NpyReader.read(v1).data());
        Path v2 = dir.resolve("v2.npy");
        Files.write(v2, npy(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", 4f, 5f));
        assertArrayEquals(new long[] {1, 2}, NpyReader.read(v2).shape());
    }

    @Test
    void otherDtypesAndOrdersGetClearErrors() throws IOException {
        Path f8 = dir.resolve("f8.npy");
        Files.write(f8, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 0f, 0f));
        assertMessage(f8, "dtype '<f8' is not supported", "<f4");
        Path big = dir.resolve("big.npy");
        Files.write(big, npy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", 0f));
        assertMessage(big, "'>f4'", "little-endian");
        Path fortran = dir.resolve("fortran.npy");
        Files.write(fortran, npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }", 0f));
        assertMessage(fortran, "Fortran order", "C order");
    }

    @Test
    void truncatedBadMagicAndMissingFilesAreNamed() throws IOException {
        Path truncated = dir.resolve("t.npy");
        byte[] whole = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", 1f, 2f, 3f, 4f);
        Files.write(truncated, Arrays.copyOf(whole, whole.length - 3));
        assertMessage(truncated, "truncated", "t.npy");
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "hello world, this is not numpy");
        assertMessage(text, "not a NumPy .npy file", "text.npy");
        assertMessage(dir.resolve("missing.npy"), "file not found", "missing.npy");
    }

    private static void assertMessage(Path file, String... parts) {
        CdcFormatException e = assertThrows(CdcFormatException.class, () -> NpyReader.read(file));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    private static byte[] npy(int version, String dict, float... values) {
        int preamble = version == 1 ? 10 : 12;
        int unpadded = preamble + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer out = ByteBuffer.allocate(preamble + header.length() + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        if (version == 1) {
            out.putShort((short) header.length());
        } else {
            out.putInt(header.length());
        }
        out.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (float v : values) {
            out.putFloat(v);
        }
        return out.array();
    }
}
