package dev.cdc.core.shard;

import dev.cdc.core.entropy.CodeTables;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The same records in another coding: a bit-packed shard's chunks rANS-coded, or back. Codes and
 * labels are untouched, chunk by chunk, so what a shard costs in each coding is measured on the
 * real file without encoding its images twice.
 */
public final class ShardRecoder {
    private ShardRecoder() {
    }

    /**
     * Writes {@code in}'s complete chunks to a new shard at {@code out} (replacing one there) in
     * {@code coding}; returns its size in bytes.
     *
     * @param tables the code tables of the model that encoded {@code in}: those a rANS input
     *               names, or those a rANS output is to be coded with; null when neither is rANS
     */
    public static long recode(Path in, Path out, EntropyCoding coding, CodeTables tables) throws IOException {
        try (ShardReader reader = ShardReader.open(in)) {
            reader.useCodeTables(tables);
            ShardHeader header = reader.header().withCoding(coding);
            return ShardWriter.writeComplete(out, header, tables, writer -> {
                for (int c = 0; c < reader.chunks().size(); c++) {
                    ShardReader.Chunk chunk = reader.readChunk(c);
                    int[] labels = chunk.labels().length == 0 ? new int[chunk.records()] : chunk.labels();
                    writer.append(labels, chunk.codes());
                }
            });
        }
    }
}
