package dev.cdc.core.upload;

import dev.cdc.core.shard.ShardHeader;
import java.io.IOException;

/**
 * What an edge uploads: a fixed, ordered list of records it can encode at any width of its
 * bundle. Record {@code i} is always the same image, so a chunk's sequence number names the
 * same records whichever k encodes them.
 */
public interface ChunkSource {
    /** Records to upload. */
    int records();

    /** Widths it can encode, ascending. */
    int[] widths();

    /** The header its one-chunk files carry at width {@code bits}. */
    ShardHeader header(int bits);

    /** Records {@code [first, first + count)} encoded at {@code bits}, as a whole one-chunk {@code .cdc} file. */
    byte[] encode(int bits, int first, int count) throws IOException;

    /**
     * Bytes a record is expected to take at width {@code bits}, label included, before anything
     * was encoded: exact when packed; a rANS-coded record's size depends on its codes.
     */
    default double expectedRecordBytes(int bits) {
        return header(bits).stride();
    }
}
