package dev.cdc.core.shard;

import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.entropy.CodeTables;
import java.io.IOException;

/**
 * What a shard's codes cost on the wire against what its tables say they should: the bytes its
 * chunks spend on codes (labels and framing left out) per code, and, given code tables, their
 * cross-entropy on the very codes stored, which a perfect coder would reach.
 *
 * @param codes                 codes in the complete chunks
 * @param codeBytes             bytes those chunks spend on codes: packed records, or rANS streams
 * @param crossEntropyBits      the tables' cost of those codes in bits; NaN without tables
 */
public record CodeStatistics(long codes, long codeBytes, double crossEntropyBits) {
    public double bitsPerCode() {
        return codes == 0 ? Double.NaN : 8.0 * codeBytes / codes;
    }

    /** The tables' cross-entropy per code; NaN without tables. */
    public double crossEntropyPerCode() {
        return codes == 0 ? Double.NaN : crossEntropyBits / codes;
    }

    /**
     * Counts over every complete chunk of {@code reader}; with {@code tables} (those a rANS shard
     * names, or any of the model's for a packed one) also decodes them to measure the cross-entropy.
     */
    public static CodeStatistics of(ShardReader reader, CodeTables tables) throws IOException {
        ShardHeader header = reader.header();
        int n = header.elementsPerRecord();
        long codes = 0;
        long bytes = 0;
        for (ShardReader.ChunkInfo chunk : reader.chunks()) {
            codes += (long) chunk.records() * n;
            bytes += chunk.payloadBytes() - (long) chunk.records() * header.labels().bytes();
        }
        if (tables == null) {
            return new CodeStatistics(codes, bytes, Double.NaN);
        }
        reader.useCodeTables(tables);
        FastCodec codec = new FastCodec(header.codec());
        int[] record = new int[n];
        byte[] symbols = new byte[n];
        double bits = 0;
        for (int c = 0; c < reader.chunks().size(); c++) {
            ShardReader.Chunk chunk = reader.readChunk(c);
            for (int r = 0; r < chunk.records(); r++) {
                codec.unpackCodes(chunk.codes(), r * header.recordBytes(), n, record, 0);
                for (int e = 0; e < n; e++) {
                    symbols[e] = (byte) record[e];
                }
                bits += tables.bits(symbols, n);
            }
        }
        return new CodeStatistics(codes, bytes, bits);
    }
}
