package dev.cdc.core.shard;

import dev.cdc.core.entropy.CodeTables;
import dev.cdc.core.io.AtomicFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Appends chunks of records to a {@code .cdc} shard. Each chunk goes out in one write followed
 * by an fsync; {@link #append} returns only after both, so an acknowledged chunk survives a
 * crash. A crash during a write leaves at most a torn last chunk, which readers report and skip,
 * and which {@link #openForAppend} cuts off before writing on.
 */
public final class ShardWriter implements Closeable {
    private final Path file;
    private final ShardHeader header;
    private final CodeTables tables;
    private final FileChannel channel;
    private long end;
    private long records;

    private ShardWriter(Path file, ShardHeader header, CodeTables tables, FileChannel channel, long end, long records) {
        this.file = file;
        this.header = header;
        this.tables = tables;
        this.channel = channel;
        this.end = end;
        this.records = records;
    }

    /** What writes a whole shard's chunks, for {@link #writeComplete}. */
    @FunctionalInterface
    public interface Chunks {
        void writeTo(ShardWriter writer) throws IOException;
    }

    /**
     * Writes a whole shard under a temporary name beside {@code shard} and renames it into place
     * (replacing a shard there) once complete, so no reader ever sees half of one; returns its size.
     */
    public static long writeComplete(Path shard, ShardHeader header, Chunks chunks) throws IOException {
        return writeComplete(shard, header, null, chunks);
    }

    /** As above, in the header's coding; {@code tables} are the code tables a rANS header names (null when packed). */
    public static long writeComplete(Path shard, ShardHeader header, CodeTables tables, Chunks chunks) throws IOException {
        Path dir = shard.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = dir.resolve("." + shard.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        try (ShardWriter writer = create(partial, header, tables)) {
            chunks.writeTo(writer);
        }
        Files.move(partial, shard, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return Files.size(shard);
    }

    /** Creates a new bit-packed shard holding only its header; refuses to replace an existing file. */
    public static ShardWriter create(Path file, ShardHeader header) throws IOException {
        return create(file, header, null);
    }

    /**
     * Creates a new shard in the header's coding, holding only its header; {@code tables} are the
     * code tables a rANS header names (null when packed). Refuses to replace an existing file.
     */
    public static ShardWriter create(Path file, ShardHeader header, CodeTables tables) throws IOException {
        if (header.coding().isRans()) {
            ChunkPayload.checkTables(header, tables);
        }
        if (Files.exists(file)) {
            throw new IOException(file + ": already exists; refusing to overwrite a shard (append to it or remove it)");
        }
        byte[] encoded = ShardFormat.encodeHeader(header);
        AtomicFiles.write(file, encoded);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        return new ShardWriter(file, header, tables, channel, encoded.length, 0);
    }

    /**
     * Opens an existing shard to append to it. A torn last chunk (never acknowledged) is cut
     * off; corruption before the tail is refused, since writing after it would hide it.
     */
    public static ShardWriter openForAppend(Path file) throws IOException {
        return openForAppend(file, null);
    }

    /** As above, for a shard in any coding: {@code tables} are the code tables a rANS shard names. */
    public static ShardWriter openForAppend(Path file, CodeTables tables) throws IOException {
        ShardReader reader = ShardReader.open(file);
        reader.useCodeTables(tables);
        if (reader.damage().isPresent() && !reader.damage().get().tornTail()) {
            throw new ShardFormatException(file, "cannot append: " + reader.damage().get().message());
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        long validEnd = reader.validLength();
        if (channel.size() > validEnd) {
            channel.truncate(validEnd);
            channel.force(true);
        }
        return new ShardWriter(file, reader.header(), tables, channel, validEnd, reader.recordCount());
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
     * @param codes       the records bit-packed, {@link ShardHeader#recordBytes()} each, back to back (a rANS
     *                    shard codes them on the way)
     */
    public void append(int[] labels, byte[] codes) throws IOException {
        ByteBuffer chunk = ByteBuffer.wrap(ShardChunks.encode(header, tables, labels, codes));
        long position = end;
        while (chunk.hasRemaining()) {
            position += channel.write(chunk, position);
        }
        channel.force(false);
        end = position;
        records += labels.length;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
