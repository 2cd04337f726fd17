package dev.cdc.core.data;

import dev.cdc.core.CdcFormatException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files of unsigned bytes (MNIST's format), plain or gzipped, told apart by content,
 * not by name. Declared sizes are checked against the real length before anything large is
 * allocated; in a gzipped file, the data is read in pieces so a lying header cannot make us
 * allocate more than the stream really holds.
 */
public final class IdxReader {
    /** The IDX type code of unsigned bytes; images and labels of MNIST use it. */
    private static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_RANK = 4;

    private IdxReader() {
    }

    /** Dimensions and data of one IDX file. */
    public record IdxArray(int[] dims, byte[] data) {
    }

    public static IdxArray read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CdcFormatException(file, "file not found: expected an IDX file (plain or .gz)");
        }
        long size = Files.size(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (DataInputStream in = new DataInputStream(gzipped ? new GZIPInputStream(raw, 1 << 16) : raw)) {
                return read(file, in, gzipped ? -1 : size);
            }
        } catch (NoSuchFileException e) {
            throw new CdcFormatException(file, "file not found: expected an IDX file (plain or .gz)");
        } catch (java.util.zip.ZipException e) {
            throw new CdcFormatException(file, "corrupt gzip stream: " + e.getMessage(), e);
        }
    }

    private static IdxArray read(Path file, DataInputStream in, long plainSize) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new CdcFormatException(file, "file is shorter than the 4-byte IDX magic");
        }
        int type = (magic >>> 8) & 0xFF;
        int rank = magic & 0xFF;
        if ((magic >>> 16) != 0 || rank < 1 || rank > MAX_RANK) {
            throw new CdcFormatException(file, String.format(
                    "not an IDX file: magic 0x%08x, expected 0x0000TTDD with 1..%d dimensions", magic, MAX_RANK));
        }
        if (type != UNSIGNED_BYTE) {
            throw new CdcFormatException(file, String.format(
                    "IDX type 0x%02x is not supported: expected 0x08 (unsigned byte)", type));
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new CdcFormatException(file, "file ends inside the IDX header (dimension " + i + " of " + rank + ")");
            }
            if (dims[i] < 0) {
                throw new CdcFormatException(file, "IDX dimension " + i + " is negative: " + dims[i]);
            }
            count *= dims[i];
            if (count > Integer.MAX_VALUE - 8) {
                throw new CdcFormatException(file, "IDX dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + " hold more than " + (Integer.MAX_VALUE - 8) + " bytes");
            }
        }
        long headerBytes = 4L + 4L * rank;
        if (plainSize >= 0 && plainSize - headerBytes != count) {
            throw new CdcFormatException(file, "IDX dimensions " + Arrays.toString(dims) + " need " + count
                    + " data bytes but the file has " + (plainSize - headerBytes)
                    + (plainSize - headerBytes < count ? " (truncated file?)" : ""));
        }
        // readNBytes grows its buffer as data really arrives, so a gzipped file that lies about
        // its dimensions costs no more memory than it holds.
        byte[] data = in.readNBytes((int) count);
        if (data.length != count) {
            throw new CdcFormatException(file, "IDX dimensions " + Arrays.toString(dims) + " need " + count
                    + " data bytes but the stream ends after " + data.length + " (truncated file?)");
        }
        if (in.read() != -1) {
            throw new CdcFormatException(file, "IDX stream has data after the " + count
                    + " bytes its dimensions " + Arrays.toString(dims) + " declare");
        }
        return new IdxArray(dims, data);
    }

    /**
     * Reads an images file (N x rows x cols) and a labels file (N) into one set.
     *
     * @param classes class names; every label must index one
     */
    public static ImageSet readImages(Path images, Path labels, List<String> classes) throws IOException {
        IdxArray imageArray = read(images);
        IdxArray labelArray = read(labels);
        if (imageArray.dims().length != 3) {
            throw new CdcFormatException(images, "IDX images have dimensions " + Arrays.toString(imageArray.dims())
                    + ": expected 3 (count, rows, columns)");
        }
        if (labelArray.dims().length != 1) {
            throw new CdcFormatException(labels, "IDX labels have dimensions " + Arrays.toString(labelArray.dims())
                    + ": expected 1 (count)");
        }
        int count = imageArray.dims()[0];
        if (labelArray.dims()[0] != count) {
            throw new CdcFormatException(labels, labelArray.dims()[0] + " labels but " + images.getFileName()
                    + " holds " + count + " images: expected one label per image");
        }
        int[] labelValues = new int[count];
        byte[] raw = labelArray.data();
        for (int i = 0; i < count; i++) {
            labelValues[i] = raw[i] & 0xFF;
            if (labelValues[i] >= classes.size()) {
                throw new CdcFormatException(labels, "label " + labelValues[i] + " of image " + i
                        + " is out of range: expected 0.." + (classes.size() - 1));
            }
        }
        return new ImageSet(1, imageArray.dims()[1], imageArray.dims()[2], imageArray.data(), labelValues, classes);
    }
}
