package dev.cdc.core.upload;

import dev.cdc.core.entropy.CodeTables;
import dev.cdc.core.shard.ShardChunks;
import dev.cdc.core.shard.ShardHeader;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link ChunkSource} over a fixed list of records with one encoder per width: what both
 * edge encoders (LibTorch's and the one in plain Java) share; each says how it encodes a run of
 * records at a width, this wraps the result in a one-chunk file under that width's header.
 */
public abstract class EncodedChunkSource implements ChunkSource {
    private final int records;
    private final Map<Integer, ShardHeader> headers = new TreeMap<>();
    private final Map<Integer, CodeTables> tables = new TreeMap<>();

    /** Labels and packed codes of a run of records. */
    public record Encoded(int[] labels, byte[] codes) {
    }

    protected EncodedChunkSource(int records) {
        this.records = records;
    }

    /**
     * Registers width {@code bits} with the header its files carry and the code tables a rANS
     * header names (null when packed).
     */
    protected final void addWidth(int bits, ShardHeader header, CodeTables codeTables) {
        headers.put(bits, header);
        if (codeTables != null) {
            tables.put(bits, codeTables);
        }
    }

    /** Records {@code [first, first + count)} through width {@code bits}'s encoder. */
    protected abstract Encoded encodeRecords(int bits, int first, int count) throws IOException;

    @Override
    public final int records() {
        return records;
    }

    @Override
    public final int[] widths() {
        return headers.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public final ShardHeader header(int bits) {
        return headers.get(bits);
    }

    @Override
    public final byte[] encode(int bits, int first, int count) throws IOException {
        Encoded encoded = encodeRecords(bits, first, count);
        return ShardChunks.singleChunkShard(headers.get(bits), tables.get(bits), encoded.labels(), encoded.codes());
    }

    /** Packed, the stride; rANS, the label and the tables' expected bits per record, in bytes. */
    @Override
    public final double expectedRecordBytes(int bits) {
        ShardHeader header = headers.get(bits);
        if (!header.coding().isRans()) {
            return header.stride();
        }
        return header.labels().bytes() + tables.get(bits).expectedBitsPerRecord() / 8;
    }
}
