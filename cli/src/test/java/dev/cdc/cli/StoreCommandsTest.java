package dev.cdc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.ingest.ChunkStore;
import dev.cdc.core.ingest.StoreAudit;
import dev.cdc.core.shard.PoisonedChunks;
import dev.cdc.core.upload.SyntheticSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cdc store check|quarantine} on a store holding one chunk the cloud cannot read. */
class StoreCommandsTest {
    @TempDir
    Path dir;

    @Test
    void checkFindsThePoisonedChunkAndQuarantineMovesItAside() throws Exception {
        Path store = dir.resolve("store");
        SyntheticSource source = new SyntheticSource(128, 5, 2);
        ChunkStore chunks = ChunkStore.open(store);
        chunks.put("edge-1", "s", 0, source.encode(2, 0, 64), 64, 2);
        Path poisoned = ChunkStore.chunkFile(store, "edge-1", "s", 1);
        Files.write(poisoned, PoisonedChunks.withLabel(source.header(2), 64, 200)); // written by an older, unchecking service

        Cli.Result check = Cli.run("store", "check", store.toString());
        assertEquals(1, check.exit(), check.toString());
        assertTrue(check.out().contains("2 chunks, 64 records the cloud can train on, 1 bad") && check.out().contains("label 200"),
                check.toString());

        Cli.Result quarantine = Cli.run("store", "quarantine", "--bad", store.toString());
        assertEquals(0, quarantine.exit(), quarantine.toString());
        assertTrue(Files.exists(store.resolve(StoreAudit.QUARANTINE).resolve("edge-1/s").resolve(poisoned.getFileName())),
                quarantine.toString());

        Cli.Result again = Cli.run("store", "check", store.toString());
        assertEquals(0, again.exit(), again.toString());
        Cli.Result usage = Cli.run("store", "quarantine", store.toString());
        assertEquals(2, usage.exit(), usage.toString());
        assertTrue(usage.err().contains("--bad"), usage.toString());
    }
}
