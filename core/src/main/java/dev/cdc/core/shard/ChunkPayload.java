package dev.cdc.core.shard;

import dev.cdc.core.CdcFormatException;
import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.entropy.CodeTables;
import dev.cdc.core.entropy.RansCoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A chunk's records in both codings. Writers and readers hand records around bit-packed
 * ({@link ShardHeader#recordBytes()} each, as docs/codec.md packs them); this class turns them
 * into a chunk's payload and back. Packed: each record's label, then its codes. rANS: every
 * record's label, then one rANS stream of all the chunk's codes, record after record
 * (docs/entropy-coding.md): chunks stay independently decodable, records within one do not.
 */
final class ChunkPayload {
    private ChunkPayload() {
    }

    /**
     * One whole chunk of {@code labels.length} records: framing, payload, CRC.
     *
     * @param tables the code tables the header names; null for a packed header
     * @param codes  the records bit-packed, {@link ShardHeader#recordBytes()} each, back to back
     */
    static byte[] encode(ShardHeader header, CodeTables tables, int[] labels, byte[] codes) {
        int count = labels.length;
        int recordBytes = header.recordBytes();
        if (count < 1) {
            throw new IllegalArgumentException("a chunk needs at least one record");
        }
        if ((long) count * recordBytes != codes.length) {
            throw new IllegalArgumentException(count + " records of " + recordBytes + " bytes need " + (long) count * recordBytes
                    + " bytes of codes, got " + codes.length);
        }
        byte[] stream = header.coding().isRans() ? RansCoder.encode(symbols(header, codes, count), count * header.elementsPerRecord(),
                checkTables(header, tables)) : null;
        long payload = stream == null ? (long) count * header.stride() : (long) count * header.labels().bytes() + stream.length;
        String problem = ShardFormat.payloadProblem(header, count, payload);
        if (problem != null) {
            throw new IllegalArgumentException("a chunk of " + count + " records in " + payload + " bytes is too large: " + problem
                    + "; append fewer records at a time");
        }
        ByteBuffer chunk = ByteBuffer.allocate(ShardFormat.CHUNK_HEADER_BYTES + (int) payload + ShardFormat.CRC_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        chunk.putInt(ShardFormat.CHUNK_MAGIC).putInt(count).putLong(payload);
        for (int r = 0; r < count; r++) {
            putLabel(chunk, header, labels[r], r);
            if (stream == null) {
                chunk.put(codes, r * recordBytes, recordBytes);
            }
        }
        if (stream != null) {
            chunk.put(stream);
        }
        CRC32C crc = new CRC32C();
        crc.update(chunk.array(), 0, chunk.position());
        chunk.putInt((int) crc.getValue());
        return chunk.array();
    }

    /**
     * The records of a chunk whose payload starts at {@code payload}'s position.
     *
     * @throws ShardFormatException for a label past the class count or a stream that does not
     *                              decode to exactly the chunk's codes under {@code tables}
     */
    static ShardReader.Chunk decode(Path file, ShardHeader header, CodeTables tables, ByteBuffer payload, int payloadBytes,
            int records, long firstRecord) throws ShardFormatException {
        int recordBytes = header.recordBytes();
        LabelEncoding encoding = header.labels();
        boolean rans = header.coding().isRans();
        int[] labels = new int[encoding == LabelEncoding.NONE ? 0 : records];
        byte[] codes = rans ? null : new byte[records * recordBytes];
        for (int r = 0; r < records; r++) {
            if (encoding == LabelEncoding.U8) {
                labels[r] = payload.get() & 0xFF;
            } else if (encoding == LabelEncoding.U16) {
                labels[r] = payload.getShort() & 0xFFFF;
            }
            if (encoding != LabelEncoding.NONE && labels[r] >= header.classCount()) {
                throw new ShardFormatException(file, "record " + (firstRecord + r) + " has label " + labels[r] + ": expected 0.."
                        + (header.classCount() - 1));
            }
            if (!rans) {
                payload.get(codes, r * recordBytes, recordBytes);
            }
        }
        if (rans) {
            byte[] symbols;
            try {
                symbols = decodeStream(header, tables, payload, payloadBytes - records * encoding.bytes(), records);
            } catch (CdcFormatException e) {
                throw new ShardFormatException(file, "records " + firstRecord + ".." + (firstRecord + records - 1) + ": "
                        + e.getMessage());
            }
            codes = new byte[records * recordBytes];
            pack(header, symbols, records, codes);
        }
        return new ShardReader.Chunk(labels, codes, records);
    }

    /**
     * The chunk's codes, one per byte. Room grows as records decode rather than being sized by the
     * declared record count at once: a hostile chunk that declares many records in a few bytes
     * fails when its stream runs out, having allocated about what it really held.
     */
    private static byte[] decodeStream(ShardHeader header, CodeTables tables, ByteBuffer payload, int streamBytes, int records)
            throws CdcFormatException {
        int n = header.elementsPerRecord();
        RansCoder.Decoder decoder = new RansCoder.Decoder(payload.array(), payload.arrayOffset() + payload.position(), streamBytes);
        int total = records * n;
        byte[] symbols = new byte[Math.min(total, Math.max(n, 4 * streamBytes))];
        while (decoder.decoded() < total) {
            if (decoder.decoded() == symbols.length) {
                symbols = Arrays.copyOf(symbols, (int) Math.min(total, 2L * symbols.length));
            }
            decoder.next(Math.min(n, symbols.length - decoder.decoded()), tables, symbols, decoder.decoded());
        }
        decoder.finish(total);
        return symbols;
    }

    /** Refuses tables other than the ones {@code header} names. */
    static CodeTables checkTables(ShardHeader header, CodeTables tables) {
        if (tables == null) {
            throw new IllegalArgumentException("a rANS shard needs the code tables " + header.coding().tables());
        }
        ModelFingerprint given = ModelFingerprint.of(tables.fingerprint());
        if (!given.equals(header.coding().tables()) || tables.elements() != header.elementsPerRecord()
                || tables.symbols() != 1 << header.codec().bits()) {
            throw new IllegalArgumentException("code tables " + given + " (" + tables.elements() + " codes of " + tables.symbols()
                    + " symbols) are not the shard's " + header.coding().tables());
        }
        return tables;
    }

    /** The codes of bit-packed records, one per byte. */
    private static byte[] symbols(ShardHeader header, byte[] codes, int records) {
        int n = header.elementsPerRecord();
        FastCodec codec = new FastCodec(header.codec());
        int[] record = new int[n];
        byte[] symbols = new byte[records * n];
        for (int r = 0; r < records; r++) {
            codec.unpackCodes(codes, r * header.recordBytes(), n, record, 0);
            for (int e = 0; e < n; e++) {
                symbols[r * n + e] = (byte) record[e];
            }
        }
        return symbols;
    }

    /** Codes one per byte back into bit-packed records. */
    private static void pack(ShardHeader header, byte[] symbols, int records, byte[] codes) {
        int n = header.elementsPerRecord();
        FastCodec codec = new FastCodec(header.codec());
        int[] record = new int[n];
        for (int r = 0; r < records; r++) {
            for (int e = 0; e < n; e++) {
                record[e] = symbols[r * n + e] & 0xFF;
            }
            codec.packCodes(record, 0, n, codes, r * header.recordBytes());
        }
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
