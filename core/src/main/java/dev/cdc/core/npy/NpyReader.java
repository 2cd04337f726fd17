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
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads NumPy {@code .npy} files in C order (format versions 1, 2 and 3): little-endian float32,
 * and where a caller accepts them, the integer types images and labels come in (their values
 * become floats, exactly up to 2^24). Anything else is refused with a message that names the
 * dtype or order it found, so a Python user knows which {@code astype} or
 * {@code ascontiguousarray} to call.
 */
public final class NpyReader {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy writes headers of a few dozen bytes and itself refuses to read ones over 10,000. */
    private static final int MAX_HEADER = 64 << 10;

    private NpyReader() {
    }

    /** The dtypes beside float32 that {@link #read(Path, Set)} can take, by their NumPy descr. */
    public enum Dtype {
        FLOAT32("<f4", 4), UINT8("|u1", 1), INT8("|i1", 1), UINT16("<u2", 2), INT16("<i2", 2), INT32("<i4", 4), INT64("<i8", 8);

        final String descr;
        final int bytes;

        Dtype(String descr, int bytes) {
            this.descr = descr;
            this.bytes = bytes;
        }

        /** NumPy writes single bytes with {@code |} and sometimes with {@code <} or {@code =}. */
        static Dtype of(String descr) {
            String normalised = descr.length() == 3 && (descr.charAt(0) == '=' || descr.charAt(0) == '<' || descr.charAt(0) == '|')
                    && descr.charAt(2) == '1' ? "|" + descr.substring(1) : descr.replace('=', '<');
            for (Dtype dtype : values()) {
                if (dtype.descr.equals(normalised)) {
                    return dtype;
                }
            }
            return null;
        }
    }

    /** A little-endian float32 array. */
    public static NpyArray read(Path file) throws IOException {
        return read(file, EnumSet.of(Dtype.FLOAT32));
    }

    /** An array of any of {@code accepted}, its values as floats. */
    public static NpyArray read(Path file, Set<Dtype> accepted) throws IOException {
        return readTyped(file, accepted).array();
    }

    /** An array and the dtype it was stored as. */
    public record Typed(NpyArray array, Dtype dtype) {
    }

    /** As {@link #read(Path, Set)}, saying which dtype the file held. */
    public static Typed readTyped(Path file, Set<Dtype> accepted) throws IOException {
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
            NpyHeader parsed = parse(file, header, accepted);
            Dtype dtype = Dtype.of(parsed.descr());
            long[] shape = parsed.shape();
            long count = NpyArray.elementCount(shape);
            long dataStart = headerStart + headerLength;
            if (count < 0 || count > Integer.MAX_VALUE - 8) {
                throw new CdcFormatException(file, "shape " + Arrays.toString(shape)
                        + " is too large: expected at most " + (Integer.MAX_VALUE - 8) + " elements");
            }
            long dataBytes = count * dtype.bytes;
            if (dataBytes > Integer.MAX_VALUE - 8) {
                throw new CdcFormatException(file, "shape " + Arrays.toString(shape) + " of " + dtype.descr + " is "
                        + dataBytes + " bytes: expected at most " + (Integer.MAX_VALUE - 8) + " in one array");
            }
            if (size - dataStart != dataBytes) {
                throw new CdcFormatException(file, "data is " + (size - dataStart) + " bytes but shape "
                        + Arrays.toString(shape) + " of " + dtype.descr + " needs " + dataBytes
                        + (size - dataStart < dataBytes ? " (truncated file?)" : ""));
            }
            ByteBuffer data = readFully(channel, file, dataStart, (int) dataBytes, size, "the array data").order(ByteOrder.LITTLE_ENDIAN);
            return new Typed(new NpyArray(shape, values(data, dtype, (int) count)), dtype);
        } catch (NoSuchFileException e) {
            throw new CdcFormatException(file, "file not found: expected a .npy file");
        }
    }

    private static float[] values(ByteBuffer data, Dtype dtype, int count) {
        float[] values = new float[count];
        switch (dtype) {
            case FLOAT32 -> data.asFloatBuffer().get(values);
            case UINT8 -> {
                for (int i = 0; i < count; i++) {
                    values[i] = data.get(i) & 0xFF;
                }
            }
            case INT8 -> {
                for (int i = 0; i < count; i++) {
                    values[i] = data.get(i);
                }
            }
            case UINT16 -> {
                for (int i = 0; i < count; i++) {
                    values[i] = data.getShort(2 * i) & 0xFFFF;
                }
            }
            case INT16 -> {
                for (int i = 0; i < count; i++) {
                    values[i] = data.getShort(2 * i);
                }
            }
            case INT32 -> {
                for (int i = 0; i < count; i++) {
                    values[i] = data.getInt(4 * i);
                }
            }
            case INT64 -> {
                for (int i = 0; i < count; i++) {
                    values[i] = data.getLong(8 * i);
                }
            }
        }
        return values;
    }

    static long[] parseHeader(Path file, String text) throws CdcFormatException {
        return parse(file, text, EnumSet.of(Dtype.FLOAT32)).shape();
    }

    private static NpyHeader parse(Path file, String text, Set<Dtype> accepted) throws CdcFormatException {
        NpyHeader header = NpyHeader.parse(file, text);
        Dtype dtype = Dtype.of(header.descr());
        if (dtype == null || !accepted.contains(dtype)) {
            String expected = accepted.stream().map(d -> "'" + d.descr + "'").collect(Collectors.joining(", "));
            throw new CdcFormatException(file, "dtype '" + Printable.of(header.descr(), 20) + "' is not supported: expected "
                    + expected + (accepted.contains(Dtype.FLOAT32) ? " (little-endian float32 is a.astype('<f4') in NumPy)" : ""));
        }
        if (header.fortranOrder()) {
            throw new CdcFormatException(file, "array is in Fortran order: expected C order"
                    + " (in NumPy, np.ascontiguousarray(a))");
        }
        return header;
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
