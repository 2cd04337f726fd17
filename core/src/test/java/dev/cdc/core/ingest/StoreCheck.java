package dev.cdc.core.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cdc.core.shard.ShardReader;
import dev.cdc.core.upload.ChunkSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The check every upload test ends with: every record arrived exactly once. Each sequence
 * number is stored once; the stored records add up to the source's; and each stored file's
 * SHA-256 equals that of the source's own encoding of those records at the k the file holds,
 * so no record was lost, duplicated, reordered or altered.
 */
public final class StoreCheck {
    private StoreCheck() {
    }

    public static void everyRecordOnce(Path store, String edge, String shard, ChunkSource source, int chunkRecords)
            throws IOException {
        Path dir = store.resolve(edge).resolve(shard);
        int chunks = (source.records() + chunkRecords - 1) / chunkRecords;
        List<Path> files = ChunkStore.chunkFiles(dir);
        assertEquals(chunks, files.size(), edge + "/" + shard + ": one file per chunk, none twice, none missing");
        long records = 0;
        for (int seq = 0; seq < chunks; seq++) {
            Path file = ChunkStore.chunkFile(store, edge, shard, seq);
            int first = seq * chunkRecords;
            int count = Math.min(chunkRecords, source.records() - first);
            int bits;
            try (ShardReader reader = ShardReader.open(file)) {
                bits = reader.header().codec().bits();
                assertEquals(count, reader.recordCount(), file + ": records");
                records += reader.recordCount();
            }
            assertArrayEquals(sha256(source.encode(bits, first, count)), sha256(Files.readAllBytes(file)),
                    file + ": content differs from the edge's encoding of records " + first + ".." + (first + count - 1));
        }
        assertEquals(source.records(), records, "records stored");
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
