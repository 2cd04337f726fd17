package dev.cdc.core.shard;

import dev.cdc.core.entropy.CodeTables;


/**
 * Chunks and one-chunk shards as bytes in memory. The writer appends what {@link #encode}
 * returns; an edge uploads what {@link #singleChunkShard} returns, which is a complete,
 * self-describing {@code .cdc} file that the cloud can check and store as it is.
 */
public final class ShardChunks {
    private ShardChunks() {
    }

    /**
     * One bit-packed chunk of {@code labels.length} records: framing, labels interleaved with codes, CRC.
     *
     * @param labels one class index per record (ignored, but must be sized, when unlabelled)
     * @param codes  the records' encoded bytes, {@link ShardHeader#recordBytes()} each, back to back
     */
    public static byte[] encode(ShardHeader header, int[] labels, byte[] codes) {
        return encode(header, null, labels, codes);
    }

    /**
     * One chunk in the header's coding; {@code tables} are the code tables a rANS header names
     * (null for a packed one). {@code codes} are bit-packed either way.
     */
    public static byte[] encode(ShardHeader header, CodeTables tables, int[] labels, byte[] codes) {
        return ChunkPayload.encode(header, tables, labels, codes);
    }

    /** A whole bit-packed {@code .cdc} file holding the header and one chunk. */
    public static byte[] singleChunkShard(ShardHeader header, int[] labels, byte[] codes) {
        return singleChunkShard(header, null, labels, codes);
    }

    /** A whole {@code .cdc} file holding the header and one chunk in the header's coding. */
    public static byte[] singleChunkShard(ShardHeader header, CodeTables tables, int[] labels, byte[] codes) {
        byte[] head = ShardFormat.encodeHeader(header);
        byte[] chunk = encode(header, tables, labels, codes);
        byte[] file = new byte[head.length + chunk.length];
        System.arraycopy(head, 0, file, 0, head.length);
        System.arraycopy(chunk, 0, file, head.length, chunk.length);
        return file;
    }

    /**
     * Bytes of a one-chunk shard of {@code records} records, its records counted bit-packed: what
     * an upload of them costs when packed. A rANS chunk's size depends on its codes; its header and
     * framing are this less the records' packed bytes.
     */
    public static long singleChunkShardBytes(ShardHeader header, int records) {
        return ShardFormat.encodeHeader(header).length + ShardFormat.CHUNK_HEADER_BYTES
                + (long) records * header.stride() + ShardFormat.CRC_BYTES;
    }
}
