package dev.cdc.core.shard;

import dev.cdc.core.entropy.CodeTables;
import dev.cdc.core.io.ByteArrayChannel;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Reads a {@code .cdc} shard. Opening it checks the header and walks every chunk, verifying
 * each chunk's declared size against the real file length before reading it and its CRC32C
 * with a fixed-size buffer, so a hostile file cannot make the reader allocate more than the
 * file holds. The first chunk that fails ends the readable part: what precedes it stays
 * readable, and {@link #damage()} says what was wrong and where. One reader serves one thread at
 * a time; {@link #readChunk} is synchronized for the odd shared use.
 */
public final class ShardReader implements Closeable {
    private static final int SCAN_BUFFER = 1 << 16;

    private final Path file;
    private final SeekableByteChannel channel;
    private final ShardHeader header;
    private final List<ChunkInfo> chunks;
    private final long validLength;
    private final Damage damage;
    /** The code tables a rANS shard names, once given; null for a packed shard or before. */
    private CodeTables codeTables;

    /** Where one complete chunk lies and which records it holds. */
    public record ChunkInfo(int index, long offset, int records, long payloadBytes, long firstRecord) {
    }

    /**
     * The unreadable end of a shard.
     *
     * @param offset   byte offset where the readable part ends
     * @param message  what is wrong there
     * @param tornTail true when it looks like an interrupted last write (never acknowledged);
     *                 false for corruption of data that had been written whole
     * @param checksum true when a chunk was whole but failed its CRC32C check
     */
    public record Damage(long offset, String message, boolean tornTail, boolean checksum) {
        public Damage(long offset, String message, boolean tornTail) {
            this(offset, message, tornTail, false);
        }
    }

    /** The records of one chunk: labels (empty array when unlabelled) and codes, bit-packed, back to back. */
    public record Chunk(int[] labels, byte[] codes, int records) {
    }

    private ShardReader(Path file, SeekableByteChannel channel, ShardHeader header, List<ChunkInfo> chunks, long validLength,
            Damage damage) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.chunks = List.copyOf(chunks);
        this.validLength = validLength;
        this.damage = damage;
    }

    public static ShardReader open(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ShardFormatException(file, "file not found: expected a .cdc shard");
        }
        if (Files.isDirectory(file)) {
            channel.close();
            throw new ShardFormatException(file, "is a directory: expected a .cdc shard file");
        }
        return open(file, channel);
    }

    /** Reads a shard held in memory (an upload, a test input); {@code name} appears in messages. */
    public static ShardReader open(Path name, byte[] content) throws IOException {
        return open(name, new ByteArrayChannel(content));
    }

    private static ShardReader open(Path file, SeekableByteChannel channel) throws IOException {
        try {
            return scan(file, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static ShardReader scan(Path file, SeekableByteChannel channel) throws IOException {
        long size = channel.size();
        if (size < ShardFormat.PREAMBLE_BYTES) {
            throw new ShardFormatException(file, "file is " + size + " bytes, shorter than the "
                    + ShardFormat.PREAMBLE_BYTES + "-byte .cdc preamble: expected a .cdc shard");
        }
        ByteBuffer preamble = read(channel, 0, ShardFormat.PREAMBLE_BYTES);
        for (int i = 0; i < ShardFormat.MAGIC.length; i++) {
            if (preamble.get(i) != ShardFormat.MAGIC[i]) {
                throw new ShardFormatException(file, "not a .cdc shard: expected the magic \\x89CDC\\r\\n\\x1a\\n");
            }
        }
        int version = preamble.getShort(8) & 0xFFFF;
        if (version != ShardFormat.VERSION_PACKED && version != ShardFormat.VERSION_CODED) {
            throw new ShardFormatException(file, ".cdc format version " + version
                    + " is unknown: this cdc reads versions " + ShardFormat.VERSION_PACKED + " and " + ShardFormat.VERSION_CODED);
        }
        int flags = preamble.getShort(10) & 0xFFFF;
        if (flags != 0) {
            throw new ShardFormatException(file, String.format("header flags 0x%04x are unknown: expected 0 in version %d",
                    flags, version));
        }
        long bodyLength = preamble.getInt(12) & 0xFFFFFFFFL;
        long headerEnd = ShardFormat.PREAMBLE_BYTES + bodyLength + ShardFormat.CRC_BYTES;
        if (bodyLength > ShardFormat.MAX_HEADER_BODY) {
            throw new ShardFormatException(file, "header body length " + bodyLength + " is too large: expected at most "
                    + ShardFormat.MAX_HEADER_BODY);
        }
        if (headerEnd > size) {
            throw new ShardFormatException(file, "header needs " + headerEnd + " bytes but the file has " + size
                    + " (truncated file?)");
        }
        ByteBuffer rest = read(channel, ShardFormat.PREAMBLE_BYTES, (int) bodyLength + ShardFormat.CRC_BYTES);
        CRC32C crc = new CRC32C();
        crc.update(preamble.rewind());
        crc.update(rest.slice(0, (int) bodyLength));
        if ((int) crc.getValue() != rest.getInt((int) bodyLength)) {
            throw new ShardFormatException(file, "header fails its CRC32C check: the file is corrupt", true);
        }
        ShardHeader header = ShardFormat.decodeBody(file, rest.slice(0, (int) bodyLength), version);

        List<ChunkInfo> chunks = new ArrayList<>();
        long offset = headerEnd;
        long records = 0;
        Damage damage = null;
        ByteBuffer scratch = ByteBuffer.allocate((int) Math.min(SCAN_BUFFER, size)); // never more than the file
        while (offset < size && damage == null) {
            long left = size - offset;
            if (left < ShardFormat.CHUNK_HEADER_BYTES) {
                damage = new Damage(offset, "file ends " + left + " bytes into chunk " + chunks.size()
                        + "'s header: torn last write", true);
                break;
            }
            ByteBuffer chunkHeader = read(channel, offset, ShardFormat.CHUNK_HEADER_BYTES);
            int magic = chunkHeader.getInt(0);
            long count = chunkHeader.getInt(4) & 0xFFFFFFFFL;
            long payload = chunkHeader.getLong(8);
            String sizeProblem = ShardFormat.payloadProblem(header, count, payload);
            if (magic != ShardFormat.CHUNK_MAGIC) {
                damage = new Damage(offset, String.format("chunk %d at byte %d has magic 0x%08x: expected 0x%08x (\"CHNK\");"
                        + " the file is corrupt", chunks.size(), offset, magic, ShardFormat.CHUNK_MAGIC), false);
            } else if (sizeProblem != null) {
                damage = new Damage(offset, "chunk " + chunks.size() + " at byte " + offset + " declares " + count
                        + " records in " + payload + " bytes: " + sizeProblem + "; the file is corrupt", false);
            } else if (ShardFormat.CHUNK_HEADER_BYTES + payload + ShardFormat.CRC_BYTES > left) {
                damage = new Damage(offset, "chunk " + chunks.size() + " at byte " + offset + " declares "
                        + (ShardFormat.CHUNK_HEADER_BYTES + payload + ShardFormat.CRC_BYTES)
                        + " bytes but the file ends after " + left + ": torn last write", true);
            } else {
                long end = offset + ShardFormat.CHUNK_HEADER_BYTES + payload + ShardFormat.CRC_BYTES;
                if (!crcMatches(channel, offset, ShardFormat.CHUNK_HEADER_BYTES + payload, scratch)) {
                    boolean last = end == size;
                    damage = new Damage(offset, "chunk " + chunks.size() + " at byte " + offset + " fails its CRC32C check"
                            + (last ? ": torn last write" : ": the file is corrupt"), last, true);
                } else {
                    chunks.add(new ChunkInfo(chunks.size(), offset, (int) count, payload, records));
                    records += count;
                    offset = end;
                }
            }
        }
        return new ShardReader(file, channel, header, chunks, offset, damage);
    }

    private static boolean crcMatches(SeekableByteChannel channel, long offset, long length, ByteBuffer scratch)
            throws IOException {
        CRC32C crc = new CRC32C();
        long done = 0;
        while (done < length) {
            scratch.clear().limit((int) Math.min(scratch.capacity(), length - done));
            readInto(channel, offset + done, scratch);
            crc.update(scratch.flip());
            done += scratch.limit();
        }
        ByteBuffer stored = read(channel, offset + length, ShardFormat.CRC_BYTES);
        return (int) crc.getValue() == stored.getInt(0);
    }

    private static ByteBuffer read(SeekableByteChannel channel, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        readInto(channel, offset, buffer);
        return buffer.flip();
    }

    private static void readInto(SeekableByteChannel channel, long offset, ByteBuffer buffer) throws IOException {
        channel.position(offset);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("file shrank while it was read, at byte " + channel.position());
            }
        }
    }

    public Path file() {
        return file;
    }

    public ShardHeader header() {
        return header;
    }

    /** The complete, CRC-checked chunks, in file order. */
    public List<ChunkInfo> chunks() {
        return chunks;
    }

    /** Records in the complete chunks: the shard's record count. */
    public long recordCount() {
        return chunks.stream().mapToLong(ChunkInfo::records).sum();
    }

    /** Bytes from the start of the file to the end of the last complete chunk. */
    public long validLength() {
        return validLength;
    }

    /** What is wrong after the readable part, if anything. */
    public Optional<Damage> damage() {
        return Optional.ofNullable(damage);
    }

    /** Refuses a shard made by an encoder other than {@code expected}'s. */
    public void requireFingerprint(ModelFingerprint expected) throws ShardFormatException {
        if (!header.fingerprint().equals(expected)) {
            throw new ShardFormatException(file, "codes come from encoder " + header.fingerprint()
                    + " but the model has fingerprint " + expected + ": no decoder for this shard");
        }
    }

    /**
     * Gives the reader the code tables a rANS shard was coded with, which reading its chunks
     * needs; a packed shard needs none and ignores them. Returns this reader.
     *
     * @throws ShardFormatException when the shard names other tables
     */
    public ShardReader useCodeTables(CodeTables tables) throws ShardFormatException {
        if (!header.coding().isRans()) {
            return this;
        }
        if (tables == null) {
            throw new ShardFormatException(file, "is rANS-coded with code tables " + header.coding().tables()
                    + ", and the model given has none: expected the model that encoded it");
        }
        try {
            codeTables = ChunkPayload.checkTables(header, tables);
        } catch (IllegalArgumentException e) {
            throw new ShardFormatException(file, e.getMessage() + ": expected the model whose tables coded it");
        }
        return this;
    }

    /**
     * Reads one chunk's records, bit-packed whatever the shard's coding; its CRC is checked
     * again, since the file may have changed since opening. A rANS shard needs
     * {@link #useCodeTables} first.
     */
    public synchronized Chunk readChunk(int index) throws IOException {
        ChunkInfo info = chunks.get(index);
        int payload = (int) info.payloadBytes();
        ByteBuffer bytes = read(channel, info.offset(), ShardFormat.CHUNK_HEADER_BYTES + payload + ShardFormat.CRC_BYTES);
        CRC32C crc = new CRC32C();
        crc.update(bytes.array(), 0, ShardFormat.CHUNK_HEADER_BYTES + payload);
        if ((int) crc.getValue() != bytes.getInt(ShardFormat.CHUNK_HEADER_BYTES + payload)) {
            throw new ShardFormatException(file, "chunk " + index + " at byte " + info.offset()
                    + " fails its CRC32C check: the file changed after it was opened");
        }
        if (header.coding().isRans() && codeTables == null) {
            throw new ShardFormatException(file, "is rANS-coded with code tables " + header.coding().tables()
                    + ": reading it needs the model that encoded it");
        }
        bytes.position(ShardFormat.CHUNK_HEADER_BYTES);
        return ChunkPayload.decode(file, header, codeTables, bytes, payload, info.records(), info.firstRecord());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
