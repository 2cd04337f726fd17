package dev.cdc.core.shard;

import dev.cdc.core.io.AtomicFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Appends chunks of records to a {@code .cdc} shard. Each chunk goes out in one write followed
 * by an fsync; {@link #append} returns only after both, so an acknowledged chunk survives a
 * crash. A crash during a write leaves at most a torn last chunk, which readers report and skip,
 * and which {@link #openForAppend} cuts off before writing on.
 */
public final class ShardWriter implements Closeable {
    private final Path file;
    private final ShardHeader header;
    private final FileChannel channel;
    private long end;
    private long records;

    private ShardWriter(Path file, ShardHeader header, FileChannel channel, long end, long records) {
        this.file = file;
        this.header = header;
        this.channel = channel;
        this.end = end;
        this.records = records;
    }

    /** Creates a new shard holding only its header; refuses to replace an existing file. */
    public static ShardWriter create(Path file, ShardHeader header) throws IOException {
        if (Files.exists(file)) {
            throw new IOException(file + ": already exists; refusing to overwrite a shard (append to it or remove it)");
        }
        byte[] encoded = ShardFormat.encodeHeader(header);
        AtomicFiles.write(file, encoded);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        return new ShardWriter(file, header, channel, encoded.length, 0);
    }

    /**
     * Opens an existing shard to append to it. A torn last chunk (never acknowledged) is cut
     * off; corruption before the tail is refused, since writing after it would hide it.
     */
    public static ShardWriter openForAppend(Path file) throws IOException {
        ShardReader reader = ShardReader.open(file);
        if (reader.damage().isPresent() && !reader.damage().get().tornTail()) {
            throw new ShardFormatException(file, "cannot append: " + reader.damage().get().message());
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        long validEnd = reader.validLength();
        if (channel.size() > validEnd) {
            channel.truncate(validEnd);
            channel.force(true);
        }
        return new ShardWriter(file, reader.header(), channel, validEnd, reader.recordCount());
    }

    public ShardHeader header() {
        return header;
    }

    /** Records written so far, by this writer and before it. */
    public long recordCount() {
        return records;
    }

    /**
     * Appends one chunk of {@code labels.length} records, durably.
     *
     * @param labels      one class index per record (ignored, but must be sized, when unlabelled)
     * @param codes       the records' encoded bytes, {@link ShardHeader#recordBytes()} each, back to back
     */
    public void append(int[] labels, byte[] codes) throws IOException {
        int count = labels.length;
        int recordBytes = header.recordBytes();
        if (count < 1) {
            throw new IllegalArgumentException("a chunk needs at least one record");
        }
        if ((long) count * recordBytes != codes.length) {
            throw new IllegalArgumentException(count + " records of " + recordBytes + " bytes need " + (long) count * recordBytes
                    + " bytes of codes, got " + codes.length);
        }
        long payload = (long) count * header.stride();
        if (payload > ShardFormat.MAX_CHUNK_PAYLOAD) {
            throw new IllegalArgumentException("a chunk of " + payload + " bytes is too large: expected at most "
                    + ShardFormat.MAX_CHUNK_PAYLOAD + "; append fewer records at a time");
        }
        ByteBuffer chunk = ByteBuffer.allocate(ShardFormat.CHUNK_HEADER_BYTES + (int) payload + ShardFormat.CRC_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        chunk.putInt(ShardFormat.CHUNK_MAGIC).putInt(count).putLong(payload);
        LabelEncoding encoding = header.labels();
        for (int r = 0; r < count; r++) {
            putLabel(chunk, encoding, labels[r], r);
            chunk.put(codes, r * recordBytes, recordBytes);
        }
        CRC32C crc = new CRC32C();
        crc.update(chunk.array(), 0, chunk.position());
        chunk.putInt((int) crc.getValue());
        chunk.flip();
        long position = end;
        while (chunk.hasRemaining()) {
            position += channel.write(chunk, position);
        }
        channel.force(false);
        end = position;
        records += count;
    }

    private void putLabel(ByteBuffer chunk, LabelEncoding encoding, int label, int record) {
        if (encoding == LabelEncoding.NONE) {
            return;
        }
        if (label < 0 || label >= header.classCount()) {
            throw new IllegalArgumentException("label " + label + " of record " + record + " is not a class index: expected 0.."
                    + (header.classCount() - 1));
        }
        if (encoding == LabelEncoding.U8) {
            chunk.put((byte) label);
        } else {
            chunk.putShort((short) label);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
