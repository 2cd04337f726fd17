package dev.cdc.core.entropy;

import dev.cdc.core.CdcFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The probability of each symbol, as integer frequencies that sum to exactly
 * {@code 2^}{@link #PRECISION_BITS}, every one at least 1 so that any symbol stays codable
 * (docs/entropy-coding.md, "Tables"). Fitting from counts is integer arithmetic with fixed tie
 * rules, so every implementation of the spec derives the same table from the same counts.
 */
public final class FrequencyTable {
    /** Frequencies sum to 2^14: fine enough that quantizing a probability costs little, small enough for a 32-bit state. */
    public static final int PRECISION_BITS = 14;
    public static final int TOTAL = 1 << PRECISION_BITS;
    /** k is at most 8. */
    public static final int MAX_SYMBOLS = 256;

    private final int[] frequencies;
    private final int[] starts;
    /** Slot (0..TOTAL-1) to symbol, built when first decoding. */
    private volatile byte[] slots;

    private FrequencyTable(int[] frequencies) {
        this.frequencies = frequencies;
        this.starts = new int[frequencies.length];
        for (int s = 1; s < frequencies.length; s++) {
            starts[s] = starts[s - 1] + frequencies[s - 1];
        }
    }

    /**
     * A table of the given frequencies.
     *
     * @throws IllegalArgumentException unless there are 2..256 of them, each at least 1, summing to {@link #TOTAL}
     */
    public static FrequencyTable of(int... frequencies) {
        String problem = problem(frequencies);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new FrequencyTable(frequencies.clone());
    }

    private static String problem(int[] frequencies) {
        if (frequencies.length < 2 || frequencies.length > MAX_SYMBOLS) {
            return "a table of " + frequencies.length + " symbols: expected 2.." + MAX_SYMBOLS;
        }
        long sum = 0;
        for (int s = 0; s < frequencies.length; s++) {
            if (frequencies[s] < 1) {
                return "symbol " + s + " has frequency " + frequencies[s] + ": expected at least 1, so that it stays codable";
            }
            sum += frequencies[s];
        }
        return sum == TOTAL ? null : "frequencies sum to " + sum + ": expected " + TOTAL;
    }

    /**
     * The table for symbols seen {@code counts} times: one unit for every symbol, the remaining
     * {@code TOTAL - n} shared in proportion to the counts, rounded down, and what rounding left
     * given one unit each to the symbols with the largest remainders (the lower symbol first on a
     * tie). No counts at all give the most even table.
     */
    public static FrequencyTable fit(long[] counts) {
        int n = counts.length;
        if (n < 2 || n > MAX_SYMBOLS) {
            throw new IllegalArgumentException("counts of " + n + " symbols: expected 2.." + MAX_SYMBOLS);
        }
        long total = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("a negative count: " + c);
            }
            total = Math.addExact(total, c);
        }
        long[] weights = total == 0 ? filled(n) : counts;
        long sum = total == 0 ? n : total;
        long spare = TOTAL - n;
        int[] frequencies = new int[n];
        long[] remainders = new long[n];
        long given = 0;
        for (int s = 0; s < n; s++) {
            // counts * spare stays far below 2^63 for any count that fits in memory: spare < 2^14.
            long share = Math.multiplyExact(weights[s], spare);
            frequencies[s] = 1 + (int) (share / sum);
            remainders[s] = share % sum;
            given += share / sum;
        }
        List<Integer> order = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            order.add(s);
        }
        order.sort((a, b) -> remainders[a] != remainders[b] ? Long.compare(remainders[b], remainders[a]) : Integer.compare(a, b));
        for (int i = 0; i < spare - given; i++) {
            frequencies[order.get(i)]++;
        }
        return new FrequencyTable(frequencies);
    }

    private static long[] filled(int n) {
        long[] ones = new long[n];
        Arrays.fill(ones, 1);
        return ones;
    }

    public int symbols() {
        return frequencies.length;
    }

    public int frequency(int symbol) {
        return frequencies[symbol];
    }

    /** The sum of the frequencies of the symbols below {@code symbol}. */
    public int start(int symbol) {
        return starts[symbol];
    }

    /** The symbol whose range [start, start + frequency) holds {@code slot}. */
    public int symbolAt(int slot) {
        byte[] table = slots;
        if (table == null) {
            table = new byte[TOTAL];
            for (int s = 0; s < frequencies.length; s++) {
                Arrays.fill(table, starts[s], starts[s] + frequencies[s], (byte) s);
            }
            slots = table;
        }
        return table[slot] & 0xFF;
    }

    /** What coding {@code symbol} costs under this table, in bits: log2(TOTAL / frequency). */
    public double bits(int symbol) {
        return PRECISION_BITS - Math.log(frequencies[symbol]) / Math.log(2);
    }

    /** The stored form: symbol count (u16 LE), then each frequency (u16 LE). */
    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(2 + 2 * frequencies.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) frequencies.length);
        for (int f : frequencies) {
            out.putShort((short) f);
        }
        return out.array();
    }

    /**
     * Reads a table's stored form from {@code in}, checked as {@link #of} checks.
     *
     * @throws CdcFormatException when it is cut short or describes no valid table
     */
    public static FrequencyTable read(ByteBuffer in) throws CdcFormatException {
        ByteBuffer le = in.order(ByteOrder.LITTLE_ENDIAN);
        if (le.remaining() < 2) {
            throw new CdcFormatException("frequency table cut short: expected a symbol count");
        }
        int n = Short.toUnsignedInt(le.getShort());
        if (n < 2 || n > MAX_SYMBOLS) {
            throw new CdcFormatException("frequency table of " + n + " symbols: expected 2.." + MAX_SYMBOLS);
        }
        if (le.remaining() < 2L * n) {
            throw new CdcFormatException("frequency table of " + n + " symbols cut short: " + le.remaining() + " bytes left");
        }
        int[] frequencies = new int[n];
        for (int s = 0; s < n; s++) {
            frequencies[s] = Short.toUnsignedInt(le.getShort());
        }
        String problem = problem(frequencies);
        if (problem != null) {
            throw new CdcFormatException("frequency table is not valid: " + problem);
        }
        return new FrequencyTable(frequencies);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FrequencyTable that && Arrays.equals(frequencies, that.frequencies);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(frequencies);
    }

    @Override
    public String toString() {
        return "FrequencyTable" + Arrays.toString(frequencies);
    }
}
