package dev.cdc.core.ingest;

import dev.cdc.core.shard.ShardFormatException;
import dev.cdc.core.shard.ShardReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's view of a chunk store ({@code cdc store check|quarantine}): every stored chunk
 * read as the cloud will read it, and a way to move a bad one aside so that it can never block
 * {@code cdc train-cloud} and a correct upload of the same sequence number is stored again.
 * Quarantined chunks go under {@code STORE/.quarantine/} (hidden, so no scan of the store finds
 * them) with a {@code .reason} file beside each.
 */
public final class StoreAudit {
    /** Where quarantined chunks go, under the store's root. */
    public static final String QUARANTINE = ".quarantine";

    private StoreAudit() {
    }

    /** A stored chunk the cloud cannot train on, and why. */
    public record Finding(Path chunk, String problem) {
    }

    /** What a check found: how many chunks it read and the bad ones. */
    public record Report(int chunks, long records, List<Finding> bad) {
    }

    /**
     * Reads every chunk of the store; with an acceptance, also checks each against the bundle.
     * Without one, a rANS-coded chunk is checked only as far as its framing and CRCs, since its
     * codes decode only with its model's tables.
     */
    public static Report check(Path root, ChunkAcceptance acceptance) throws IOException {
        List<Finding> bad = new ArrayList<>();
        List<Path> chunks = ChunkStore.chunkFiles(root);
        long records = 0;
        for (Path chunk : chunks) {
            String problem = problem(chunk, acceptance);
            if (problem != null) {
                bad.add(new Finding(chunk, problem));
            } else {
                try (ShardReader reader = ShardReader.open(chunk)) {
                    records += reader.recordCount();
                }
            }
        }
        return new Report(chunks.size(), records, bad);
    }

    /** Why the cloud could not train on {@code chunk}, or null if it can. */
    static String problem(Path chunk, ChunkAcceptance acceptance) throws IOException {
        if (acceptance != null) {
            try {
                acceptance.check(Files.readAllBytes(chunk));
                return null;
            } catch (IngestRejection e) {
                return e.reason().label() + ": " + e.getMessage();
            }
        }
        try (ShardReader reader = ShardReader.open(chunk)) {
            if (reader.damage().isPresent()) {
                return reader.damage().get().message();
            }
            if (reader.header().coding().isRans()) {
                return null; // its codes need its model's tables: framing and CRCs hold, and a bundle checks the rest
            }
            for (int c = 0; c < reader.chunks().size(); c++) {
                ChunkAcceptance.checkRecords(reader, reader.header(), c);
            }
            return null;
        } catch (ShardFormatException e) {
            return e.getMessage();
        } catch (IngestRejection e) {
            return e.getMessage();
        }
    }

    /**
     * Moves {@code chunk} (a file under {@code root}) to the quarantine, beside a note of
     * {@code reason}; returns where it went.
     */
    public static Path quarantine(Path root, Path chunk, String reason) throws IOException {
        Path relative = root.toAbsolutePath().normalize().relativize(chunk.toAbsolutePath().normalize());
        if (relative.startsWith("..") || relative.startsWith(QUARANTINE) || relative.getNameCount() == 0) {
            throw new IOException(chunk + " is not a chunk in the store " + root);
        }
        Path target = root.resolve(QUARANTINE).resolve(relative);
        Files.createDirectories(target.getParent());
        Files.writeString(target.resolveSibling(target.getFileName() + ".reason"), reason + "\n", StandardCharsets.UTF_8);
        Files.move(chunk, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
