package dev.cdc.core.upload;

import dev.cdc.core.CdcFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The edge's record of what the cloud has acknowledged, so that a restarted upload sends only
 * the rest. A text file: one identity line, then one {@code ack SEQ BITS RECORDS} line per
 * acknowledged chunk, each appended and fsync'd before the next chunk starts. A crash can tear
 * only the last line, which is dropped on opening; the chunk it named is sent again and the
 * service, which stores each sequence number once, acknowledges it without storing it twice.
 * Losing the whole journal is safe for the same reason: it costs bandwidth, not records.
 */
public final class UploadJournal implements Closeable {
    private static final String MAGIC = "cdc-upload-journal 1";
    private final Path file;
    private final FileChannel channel;
    private final Map<Long, Ack> acks;

    /**
     * Which upload a journal belongs to. A journal of another upload (another edge, shard, data
     * or chunk size) would skip the wrong chunks, so it is refused.
     */
    public record Identity(String edge, String shard, int records, int chunkRecords) {
        String line() {
            return MAGIC + " edge=" + edge + " shard=" + shard + " records=" + records + " chunk=" + chunkRecords;
        }
    }

    /** One acknowledged chunk and the k the cloud holds it at. */
    public record Ack(long sequence, int bits, int records) {
    }

    private UploadJournal(Path file, FileChannel channel, Map<Long, Ack> acks) {
        this.file = file;
        this.channel = channel;
        this.acks = acks;
    }

    /** Opens the journal of this upload, creating it, or continuing it after a restart. */
    public static UploadJournal open(Path file, Identity identity) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Map<Long, Ack> acks = new TreeMap<>();
        if (!Files.exists(file) || Files.size(file) == 0) {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            UploadJournal journal = new UploadJournal(file, channel, acks);
            journal.append(identity.line());
            return journal;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int firstEnd = text.indexOf('\n');
        if (firstEnd < 0 || !text.substring(0, firstEnd).startsWith(MAGIC)) {
            throw new CdcFormatException(file, "is not an upload journal: expected a first line starting '" + MAGIC + "'");
        }
        if (!text.substring(0, firstEnd).equals(identity.line())) {
            throw new CdcFormatException(file, "belongs to another upload (" + text.substring(MAGIC.length() + 1, firstEnd)
                    + ") than this one (" + identity.line().substring(MAGIC.length() + 1) + "): give another --journal, or remove"
                    + " it to start over (the service will not store a chunk twice)");
        }
        long valid = firstEnd + 1;
        int at = firstEnd + 1;
        while (at < text.length()) {
            int end = text.indexOf('\n', at);
            if (end < 0) {
                break; // a torn last line: never acknowledged to the caller
            }
            Ack ack = parse(file, text.substring(at, end));
            acks.put(ack.sequence(), ack);
            at = end + 1;
            valid = at; // the journal is ASCII: names are restricted, the rest is digits
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        if (channel.size() > valid) {
            channel.truncate(valid);
            channel.force(true);
        }
        channel.position(valid);
        return new UploadJournal(file, channel, acks);
    }

    private static Ack parse(Path file, String line) throws CdcFormatException {
        String[] f = line.split(" ");
        try {
            if (f.length == 4 && f[0].equals("ack")) {
                return new Ack(Long.parseLong(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]));
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw new CdcFormatException(file, "line '" + line + "' is not 'ack SEQ BITS RECORDS': the journal is corrupt");
    }

    public Path file() {
        return file;
    }

    public boolean acknowledged(long sequence) {
        return acks.containsKey(sequence);
    }

    /** Acknowledged chunks by sequence number. */
    public Map<Long, Ack> acks() {
        return Collections.unmodifiableMap(acks);
    }

    /** Records a chunk as acknowledged, durably, before returning. */
    public void record(Ack ack) throws IOException {
        append("ack " + ack.sequence() + " " + ack.bits() + " " + ack.records());
        acks.put(ack.sequence(), ack);
    }

    private void append(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
