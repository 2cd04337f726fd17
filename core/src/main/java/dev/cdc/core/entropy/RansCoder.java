package dev.cdc.core.entropy;

import dev.cdc.core.CdcFormatException;
import java.util.Arrays;

/**
 * rANS with a 32-bit state and byte-wise renormalisation over {@link FrequencyTable}s of 14-bit
 * precision, exactly as docs/entropy-coding.md specifies: integer arithmetic only, so every
 * platform and every implementation of the spec writes the same bytes.
 *
 * <p>A stream codes a sequence of symbols (one chunk's records, element after element); the
 * encoder works from the last symbol to the first so that the decoder reads forward. The stream
 * opens with the final state (4 bytes, little-endian) and the decoder must end at the initial
 * state having read every byte: a stream that does not is refused, never half-trusted.
 */
public final class RansCoder {
    /** The state's lower bound L: the state lives in [L, 2^32) between symbols. */
    static final long LOWER = 1L << 23;
    public static final int STATE_BYTES = 4;
    /** A symbol costs at most 14 bits, so at most two renormalisation bytes. */
    private static final int MAX_BYTES_PER_SYMBOL = 2;

    private RansCoder() {
    }

    /** The most bytes a stream of {@code count} symbols can take: what a reader may allow before decoding. */
    public static long maxStreamBytes(long count) {
        return MAX_BYTES_PER_SYMBOL * count + STATE_BYTES;
    }

    /**
     * The stream of {@code symbols[0..count)}, symbol {@code i} coded with
     * {@code tables.tableForCode(i)}.
     *
     * @throws IllegalArgumentException for a symbol its table does not have
     */
    public static byte[] encode(byte[] symbols, int count, CodeTables tables) {
        byte[] buffer = new byte[Math.toIntExact(maxStreamBytes(count))];
        int at = buffer.length;
        long x = LOWER;
        for (int i = count - 1; i >= 0; i--) {
            FrequencyTable table = tables.tableForCode(i);
            int symbol = symbols[i] & 0xFF;
            if (symbol >= table.symbols()) {
                throw new IllegalArgumentException("symbol " + symbol + " at " + i + ": its table has " + table.symbols());
            }
            int frequency = table.frequency(symbol);
            // Renormalise so that the step below keeps the state under 2^32.
            long limit = ((LOWER >> FrequencyTable.PRECISION_BITS) << 8) * frequency;
            while (x >= limit) {
                buffer[--at] = (byte) x;
                x >>>= 8;
            }
            x = ((x / frequency) << FrequencyTable.PRECISION_BITS) + (x % frequency) + table.start(symbol);
        }
        at -= STATE_BYTES;
        for (int b = 0; b < STATE_BYTES; b++) {
            buffer[at + b] = (byte) (x >>> (8 * b));
        }
        return Arrays.copyOfRange(buffer, at, buffer.length);
    }

    /**
     * Decodes {@code count} symbols from {@code stream[offset .. offset + length)} into
     * {@code out[0..count)}. Work is bounded by {@code count} and {@code length}; nothing is
     * allocated.
     *
     * @throws CdcFormatException when the stream ends early, has bytes left over, or does not end
     *                            in the state every stream starts from (a damaged or foreign stream)
     */
    public static void decode(byte[] stream, int offset, int length, int count, CodeTables tables, byte[] out)
            throws CdcFormatException {
        Decoder decoder = new Decoder(stream, offset, length);
        decoder.next(count, tables, out, 0);
        decoder.finish(count);
    }

    /**
     * A stream decoded a run of symbols at a time, so that a caller can grow its output as
     * symbols really come instead of sizing it by a count the stream's container declares.
     */
    public static final class Decoder {
        private final byte[] stream;
        private final int end;
        private int at;
        private long x;
        private int decoded;

        /** @throws CdcFormatException when the stream is too short to hold a state, or its state is below L */
        public Decoder(byte[] stream, int offset, int length) throws CdcFormatException {
            if (length < STATE_BYTES) {
                throw new CdcFormatException("rANS stream of " + length + " bytes: expected at least " + STATE_BYTES);
            }
            this.stream = stream;
            this.at = offset;
            this.end = offset + length;
            for (int b = 0; b < STATE_BYTES; b++) {
                x |= (long) (stream[at++] & 0xFF) << (8 * b);
            }
            if (x < LOWER) {
                throw new CdcFormatException("rANS stream opens with state " + x + ": expected at least " + LOWER);
            }
        }

        /** Symbols decoded so far: the index, in the stream, of the next one. */
        public int decoded() {
            return decoded;
        }

        /** Decodes the next {@code count} symbols into {@code out[outOffset ..]}. */
        public void next(int count, CodeTables tables, byte[] out, int outOffset) throws CdcFormatException {
            int mask = FrequencyTable.TOTAL - 1;
            for (int i = 0; i < count; i++) {
                FrequencyTable table = tables.tableForCode(decoded);
                int slot = (int) (x & mask);
                int symbol = table.symbolAt(slot);
                x = table.frequency(symbol) * (x >>> FrequencyTable.PRECISION_BITS) + slot - table.start(symbol);
                while (x < LOWER) {
                    if (at >= end) {
                        throw new CdcFormatException("rANS stream ends early, at code " + decoded);
                    }
                    x = (x << 8) | (stream[at++] & 0xFF);
                }
                out[outOffset + i] = (byte) symbol;
                decoded++;
            }
        }

        /** Checks that the stream ended exactly after its {@code count} symbols, as coding leaves it. */
        public void finish(int count) throws CdcFormatException {
            if (at != end || x != LOWER || decoded != count) {
                throw new CdcFormatException("rANS stream does not end as coded: " + (end - at) + " bytes left, state " + x
                        + " (expected 0 bytes and state " + LOWER + "); damaged, or coded with other tables");
            }
        }
    }
}
