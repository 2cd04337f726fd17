package dev.cdc.core.upload;

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

    /** Labels and packed codes of a run of records. */
    public record Encoded(int[] labels, byte[] codes) {
    }

    protected EncodedChunkSource(int records) {
        this.records = records;
    }

    /** Registers width {@code bits} with the header its files carry. */
    protected final void addWidth(int bits, ShardHeader header) {
        headers.put(bits, header);
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
        return ShardChunks.singleChunkShard(headers.get(bits), encoded.labels(), encoded.codes());
    }
}
