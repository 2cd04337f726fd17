package dev.cdc.core.shard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * One-chunk shards with every label set to a value past the class count and the chunk's CRC
 * computed over them, as an attacker (or a buggy edge) would send: the writer itself refuses to
 * make one.
 */
public final class PoisonedChunks {
    private PoisonedChunks() {
    }

    public static byte[] withLabel(ShardHeader header, int records, int label) {
        byte[] file = ShardChunks.singleChunkShard(header, new int[records], new byte[records * header.recordBytes()]);
        int chunkStart = ShardFormat.encodeHeader(header).length;
        for (int r = 0; r < records; r++) {
            file[chunkStart + ShardFormat.CHUNK_HEADER_BYTES + r * header.stride()] = (byte) label; // one-byte labels
        }
        CRC32C crc = new CRC32C();
        crc.update(file, chunkStart, file.length - chunkStart - ShardFormat.CRC_BYTES);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(file.length - ShardFormat.CRC_BYTES, (int) crc.getValue());
        return file;
    }
}
