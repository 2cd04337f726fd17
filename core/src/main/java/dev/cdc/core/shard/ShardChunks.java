package dev.cdc.core.shard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Chunks and one-chunk shards as bytes in memory. The writer appends what {@link #encode}
 * returns; an edge uploads what {@link #singleChunkShard} returns, which is a complete,
 * self-describing {@code .cdc} file that the cloud can check and store as it is.
 */
public final class ShardChunks {
    private ShardChunks() {
    }

    /**
     * One chunk of {@code labels.length} records: framing, labels interleaved with codes, CRC.
     *
     * @param labels one class index per record (ignored, but must be sized, when unlabelled)
     * @param codes  the records' encoded bytes, {@link ShardHeader#recordBytes()} each, back to back
     */
    public static byte[] encode(ShardHeader header, int[] labels, byte[] codes) {
        int count = labels.length;
        int recordBytes = header.recordBytes();
        if (count < 1) {
            throw new IllegalArgumentException("a chunk needs at least one record");
        }
        if ((long) count * recordBytes != codes.length) {
            throw new IllegalArgumentException(count + " records of " + recordBytes + " bytes need " + (long) count * recordBytes
                    + " bytes of codes, got " + codes.length);
        }
        long payload = (long) count * header.stride();
        if (payload > ShardFormat.MAX_CHUNK_PAYLOAD) {
            throw new IllegalArgumentException("a chunk of " + payload + " bytes is too large: expected at most "
                    + ShardFormat.MAX_CHUNK_PAYLOAD + "; append fewer records at a time");
        }
        ByteBuffer chunk = ByteBuffer.allocate(ShardFormat.CHUNK_HEADER_BYTES + (int) payload + ShardFormat.CRC_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        chunk.putInt(ShardFormat.CHUNK_MAGIC).putInt(count).putLong(payload);
        for (int r = 0; r < count; r++) {
            putLabel(chunk, header, labels[r], r);
            chunk.put(codes, r * recordBytes, recordBytes);
        }
        CRC32C crc = new CRC32C();
        crc.update(chunk.array(), 0, chunk.position());
        chunk.putInt((int) crc.getValue());
        return chunk.array();
    }

    /** A whole {@code .cdc} file holding the header and one chunk. */
    public static byte[] singleChunkShard(ShardHeader header, int[] labels, byte[] codes) {
        byte[] head = ShardFormat.encodeHeader(header);
        byte[] chunk = encode(header, labels, codes);
        byte[] file = new byte[head.length + chunk.length];
        System.arraycopy(head, 0, file, 0, head.length);
        System.arraycopy(chunk, 0, file, head.length, chunk.length);
        return file;
    }

    /** Bytes of a one-chunk shard of {@code records} records: what an upload of them costs. */
    public static long singleChunkShardBytes(ShardHeader header, int records) {
        return ShardFormat.encodeHeader(header).length + ShardFormat.CHUNK_HEADER_BYTES
                + (long) records * header.stride() + ShardFormat.CRC_BYTES;
    }

    private static void putLabel(ByteBuffer chunk, ShardHeader header, int label, int record) {
        LabelEncoding encoding = header.labels();
        if (encoding == LabelEncoding.NONE) {
            return;
        }
        if (label < 0 || label >= header.classCount()) {
            throw new IllegalArgumentException("label " + label + " of record " + record + " is not a class index: expected 0.."
                    + (header.classCount() - 1));
        }
        if (encoding == LabelEncoding.U8) {
            chunk.put((byte) label);
        } else {
            chunk.putShort((short) label);
        }
    }
}
