package dev.cdc.core.ingest;

import dev.cdc.core.io.TreeFiles;
import dev.cdc.core.shard.ShardReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cloud's filesystem store: {@code ROOT/EDGE/SHARD/chunk-SEQ.cdc}, one whole one-chunk
 * {@code .cdc} file per (edge, shard, sequence number). Each file is a valid shard that
 * {@code cdc train-cloud} reads directly.
 *
 * <p>A chunk is written to a temporary file, fsync'd, then hard-linked to its final name and
 * the directory fsync'd; {@link #put} returns only after that, so "stored" means durable. The
 * link fails if the name exists, which makes a repeated chunk, even two racing copies of it, a
 * no-op rather than a second copy. A crash leaves at most a temporary file, removed by
 * {@link #open}.
 *
 * <p>The file's fsync is {@code fdatasync}: it makes the data and the size durable, which is all a
 * new file needs (its times do not matter). Puts into one directory at once share the directory's
 * fsync ({@link DirectorySyncs}), so an edge with several chunks in flight pays about one
 * directory fsync per batch instead of one per chunk.
 */
public final class ChunkStore {
    private static final String PREFIX = "chunk-";
    private static final String SUFFIX = ".cdc";
    private static final String TEMP_PREFIX = ".incoming-";
    private final Path root;
    private final DirectorySyncs directorySyncs = new DirectorySyncs();

    private ChunkStore(Path root) {
        this.root = root;
    }

    /**
     * What {@link #put} did.
     *
     * @param repeated true when the chunk was stored before (by an earlier try); nothing was written
     * @param bits     k of the stored copy, which for a repeat may differ from this upload's
     */
    public record Outcome(boolean repeated, int bits) {
    }

    /**
     * Opens (creating) the store at {@code root} and removes temporary files a crash left behind;
     * so only one service may use a store at a time.
     */
    public static ChunkStore open(Path root) throws IOException {
        Files.createDirectories(root);
        try (Stream<Path> files = Files.walk(root, 3)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().startsWith(TEMP_PREFIX)) {
                    Files.deleteIfExists(file);
                }
            }
        }
        return new ChunkStore(root);
    }

    public Path root() {
        return root;
    }

    public Path chunkFile(String edge, String shard, long sequence) {
        return chunkFile(root, edge, shard, sequence);
    }

    /** Where a store rooted at {@code root} keeps a chunk. */
    public static Path chunkFile(Path root, String edge, String shard, long sequence) {
        return root.resolve(edge).resolve(shard).resolve(String.format("%s%012d%s", PREFIX, sequence, SUFFIX));
    }

    /**
     * Stores a chunk durably unless that (edge, shard, sequence) is stored already.
     *
     * @param records records in {@code body}; a repeat must hold as many, since a sequence
     *                number always names the same records (the edge may re-encode them at another k)
     * @param bits    k of {@code body}
     */
    public Outcome put(String edge, String shard, long sequence, byte[] body, int records, int bits)
            throws IOException, IngestRejection {
        Path target = chunkFile(edge, shard, sequence);
        if (Files.exists(target)) {
            return repeat(target, sequence, records);
        }
        Path dir = target.getParent();
        createDirectoriesDurably(dir);
        Path temp = Files.createTempFile(dir, TEMP_PREFIX, ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(body);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
            try {
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException e) {
                return repeat(target, sequence, records);
            }
            directorySyncs.force(dir);
            return new Outcome(false, bits);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * A chunk stored before. Its name may have been linked a moment ago by a racing put whose
     * directory fsync has not finished, so the answer "stored" waits for one too.
     */
    private Outcome repeat(Path target, long sequence, int records) throws IOException, IngestRejection {
        directorySyncs.force(target.getParent());
        long stored;
        int bits;
        try (ShardReader reader = ShardReader.open(target)) {
            stored = reader.recordCount();
            bits = reader.header().codec().bits();
        }
        if (stored != records) {
            throw new IngestRejection(RejectReason.CONFLICT, "chunk " + sequence + " is stored already with " + stored
                    + " records but this upload of it has " + records + ": a sequence number must always name the same records");
        }
        return new Outcome(true, bits);
    }

    /** Sequence numbers stored for one shard of one edge, ascending. */
    public List<Long> sequences(String edge, String shard) throws IOException {
        Path dir = root.resolve(edge).resolve(shard);
        List<Long> sequences = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return sequences;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                sequences.add(Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length())));
            }
        }
        sequences.sort(null);
        return sequences;
    }

    /** Every stored chunk file under {@code root}, in (edge, shard, sequence) order; safe while the service writes. */
    public static List<Path> chunkFiles(Path root) throws IOException {
        return TreeFiles.list(root, name -> name.startsWith(PREFIX) && name.endsWith(SUFFIX));
    }

    /** Creates missing directories and fsyncs each parent whose entry list changed, so the path survives a crash. */
    private void createDirectoriesDurably(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createDirectoriesDurably(dir.getParent());
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            return; // another request made it
        }
        directorySyncs.force(dir.getParent());
    }
}
