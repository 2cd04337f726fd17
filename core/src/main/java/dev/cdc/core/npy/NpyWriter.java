package dev.cdc.core.npy;

import dev.cdc.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Writes little-endian float32 C-order arrays as {@code .npy} version 1.0, which NumPy reads. */
public final class NpyWriter {
    /** NumPy aligns the data to 64 bytes; we do the same so memory-mapped reads stay aligned. */
    private static final int ALIGNMENT = 64;

    private NpyWriter() {
    }

    public static void write(Path file, NpyArray array) throws IOException {
        AtomicFiles.write(file, toBytes(array));
    }

    public static byte[] toBytes(NpyArray array) {
        long[] dims = array.shape();
        // Python tuple syntax: a one-element tuple needs its trailing comma.
        String shape = dims.length == 1 ? "(" + dims[0] + ",)"
                : Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = NpyReader.MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
        String header = dict + " ".repeat(padding) + "\n";
        byte[] headerBytes = header.getBytes(StandardCharsets.ISO_8859_1);
        float[] data = array.data();
        ByteBuffer out = ByteBuffer.allocate(10 + headerBytes.length + data.length * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(NpyReader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerBytes.length).put(headerBytes);
        out.asFloatBuffer().put(data);
        return out.array();
    }
}
