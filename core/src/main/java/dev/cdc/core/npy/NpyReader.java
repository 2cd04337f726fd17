package dev.cdc.core.npy;

import dev.cdc.core.CdcFormatException;
import dev.cdc.core.text.Printable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads NumPy {@code .npy} files of little-endian float32 in C order (format versions 1, 2 and
 * 3). Anything else is refused with a message that names the dtype or order it found, so a
 * Python user knows which {@code astype} or {@code ascontiguousarray} to call.
 */
public final class NpyReader {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy writes headers of a few dozen bytes and itself refuses to read ones over 10,000. */
    private static final int MAX_HEADER = 64 << 10;

    private NpyReader() {
    }

    public static NpyArray read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer preamble = readFully(channel, file, 0, 10, size, "the 10-byte .npy preamble");
            byte[] magic = new byte[6];
            preamble.get(magic);
            for (int i = 0; i < MAGIC.length; i++) {
                if (magic[i] != MAGIC[i]) {
                    throw new CdcFormatException(file, "not a NumPy .npy file: expected the magic \\x93NUMPY");
                }
            }
            int major = preamble.get() & 0xFF;
            preamble.get(); // minor version: no meaning for the layout
            long headerLength;
            long headerStart;
            if (major == 1) {
                headerLength = preamble.order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xFFFF;
                headerStart = 10;
            } else if (major == 2 || major == 3) {
                ByteBuffer four = readFully(channel, file, 8, 4, size, "the .npy header length");
                headerLength = four.order(ByteOrder.LITTLE_ENDIAN).getInt(0) & 0xFFFFFFFFL;
                headerStart = 12;
            } else {
                throw new CdcFormatException(file, ".npy format version " + major + " is not supported: expected 1, 2 or 3");
            }
            if (headerLength > MAX_HEADER) {
                throw new CdcFormatException(file, ".npy header of " + headerLength + " bytes is too long: expected at most " + MAX_HEADER);
            }
            ByteBuffer headerBytes = readFully(channel, file, headerStart, (int) headerLength, size, "the .npy header");
            String header = (major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1)
                    .decode(headerBytes).toString();
            long[] shape = parseHeader(file, header);
            long count = NpyArray.elementCount(shape);
            long dataStart = headerStart + headerLength;
            if (count < 0 || count > Integer.MAX_VALUE - 8) {
                throw new CdcFormatException(file, "shape " + Arrays.toString(shape)
                        + " is too large: expected at most " + (Integer.MAX_VALUE - 8) + " elements");
            }
            long dataBytes = count * Float.BYTES;
            if (size - dataStart != dataBytes) {
                throw new CdcFormatException(file, "data is " + (size - dataStart) + " bytes but shape "
                        + Arrays.toString(shape) + " of float32 needs " + dataBytes
                        + (size - dataStart < dataBytes ? " (truncated file?)" : ""));
            }
            ByteBuffer data = readFully(channel, file, dataStart, (int) dataBytes, size, "the array data");
            float[] values = new float[(int) count];
            data.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return new NpyArray(shape, values);
        } catch (NoSuchFileException e) {
            throw new CdcFormatException(file, "file not found: expected a .npy file");
        }
    }

    static long[] parseHeader(Path file, String text) throws CdcFormatException {
        NpyHeader header = NpyHeader.parse(file, text);
        if (!header.descr().equals("<f4")) {
            throw new CdcFormatException(file, "dtype '" + Printable.of(header.descr(), 20) + "' is not supported: expected '<f4'"
                    + " (little-endian float32; in NumPy, a.astype('<f4'))");
        }
        if (header.fortranOrder()) {
            throw new CdcFormatException(file, "array is in Fortran order: expected C order"
                    + " (in NumPy, np.ascontiguousarray(a))");
        }
        return header.shape();
    }

    private static ByteBuffer readFully(FileChannel channel, Path file, long position, int length, long size,
            String what) throws IOException {
        if (position + length > size) {
            throw new CdcFormatException(file, "file ends at byte " + size + " before " + what
                    + " (bytes " + position + ".." + (position + length) + "): truncated file?");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new CdcFormatException(file, "unexpected end of file in " + what);
            }
        }
        return buffer.flip();
    }
}
