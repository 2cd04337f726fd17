package dev.cdc.core.entropy;

import dev.cdc.core.CdcFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which frequency table codes each element of a record: a record's {@code elements} codes, in
 * the codec's order (channel-major), each coded with {@code tables[tableOf[element]]}. One table
 * for all, one per channel and one per position are all instances of this.
 */
public final class CodeTables {
    /** How tables are shared among a record's elements. */
    public enum Layout {
        /** One table for every element. */
        SINGLE,
        /** One table per latent channel. */
        PER_CHANNEL,
        /** One table per element. */
        PER_POSITION
    }

    static final int FORMAT_VERSION = 1;
    /** A latent of 64 channels of 64 x 64 is far beyond any cdc model; bounds what a file may claim. */
    public static final int MAX_ELEMENTS = 1 << 18;

    private final List<FrequencyTable> tables;
    private final int[] tableOf;
    /** Computed once: every chunk coded or checked against these tables asks for it. */
    private final byte[] fingerprint;

    public CodeTables(List<FrequencyTable> tables, int[] tableOf) {
        if (tables.isEmpty() || tableOf.length < 1 || tableOf.length > MAX_ELEMENTS) {
            throw new IllegalArgumentException(tables.size() + " tables for " + tableOf.length + " elements: expected at least one"
                    + " table and 1.." + MAX_ELEMENTS + " elements");
        }
        int symbols = tables.get(0).symbols();
        for (FrequencyTable table : tables) {
            if (table.symbols() != symbols) {
                throw new IllegalArgumentException("tables of " + symbols + " and " + table.symbols() + " symbols: expected one alphabet");
            }
        }
        for (int index : tableOf) {
            if (index < 0 || index >= tables.size()) {
                throw new IllegalArgumentException("element table " + index + ": expected 0.." + (tables.size() - 1));
            }
        }
        this.tables = List.copyOf(tables);
        this.tableOf = tableOf.clone();
        try {
            this.fingerprint = MessageDigest.getInstance("SHA-256").digest(toBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * Tables fitted on {@code records} records of {@code channels x positions} codes each (one
     * code per byte, below {@code symbols}), shared as {@code layout} says.
     */
    public static CodeTables fit(byte[] codes, int records, int channels, int positions, int symbols, Layout layout) {
        int elements = channels * positions;
        if ((long) records * elements > codes.length) {
            throw new IllegalArgumentException(records + " records of " + elements + " codes need " + (long) records * elements
                    + " bytes, got " + codes.length);
        }
        int[] tableOf = new int[elements];
        for (int e = 0; e < elements; e++) {
            tableOf[e] = switch (layout) {
                case SINGLE -> 0;
                case PER_CHANNEL -> e / positions;
                case PER_POSITION -> e;
            };
        }
        int tableCount = Arrays.stream(tableOf).max().orElse(0) + 1;
        long[][] counts = new long[tableCount][symbols];
        for (int r = 0; r < records; r++) {
            for (int e = 0; e < elements; e++) {
                int code = codes[r * elements + e] & 0xFF;
                if (code >= symbols) {
                    throw new IllegalArgumentException("code " + code + " of record " + r + ": expected below " + symbols);
                }
                counts[tableOf[e]][code]++;
            }
        }
        List<FrequencyTable> tables = new ArrayList<>(tableCount);
        for (long[] c : counts) {
            tables.add(FrequencyTable.fit(c));
        }
        return new CodeTables(tables, tableOf);
    }

    /**
     * One table per element, each fitted from that element's counts ({@code counts[e][code]}):
     * the layout that pays on cdc's latents (docs/entropy-coding.md, "What it would save").
     */
    public static CodeTables perPosition(long[][] counts) {
        List<FrequencyTable> tables = new ArrayList<>(counts.length);
        int[] tableOf = new int[counts.length];
        for (int e = 0; e < counts.length; e++) {
            tables.add(FrequencyTable.fit(counts[e]));
            tableOf[e] = e;
        }
        return new CodeTables(tables, tableOf);
    }

    /** The most bytes the stored form of tables for {@code elements} elements of up to 256 symbols can take. */
    public static long maxStoredBytes(int elements) {
        return 9 + 2L * elements + (long) elements * (2 + 2 * FrequencyTable.MAX_SYMBOLS);
    }

    /** Codes per record. */
    public int elements() {
        return tableOf.length;
    }

    /** Symbols of every table: 2^k. */
    public int symbols() {
        return tables.get(0).symbols();
    }

    public int tableCount() {
        return tables.size();
    }

    /** The table of the {@code index}-th code of a stream of whole records. */
    public FrequencyTable tableForCode(int index) {
        return tables.get(tableOf[index % tableOf.length]);
    }

    /**
     * The bits a record costs on average if its codes follow the tables' own distributions: the
     * sum of the tables' entropies over the elements, what an uploader plans with before it has
     * coded anything.
     */
    public double expectedBitsPerRecord() {
        double bits = 0;
        for (int e = 0; e < tableOf.length; e++) {
            FrequencyTable table = tables.get(tableOf[e]);
            for (int s = 0; s < table.symbols(); s++) {
                bits += table.frequency(s) / (double) FrequencyTable.TOTAL * table.bits(s);
            }
        }
        return bits;
    }

    /** The bits the tables spend on {@code codes} (whole records): the cross-entropy a perfect coder would reach. */
    public double bits(byte[] codes, int count) {
        double bits = 0;
        for (int i = 0; i < count; i++) {
            bits += tableForCode(i).bits(codes[i] & 0xFF);
        }
        return bits;
    }

    /**
     * The stored form (docs/entropy-coding.md): version (u8), elements (u32 LE), table count
     * (u32 LE), each element's table (u16 LE if more than 256 tables, else u8), then each table.
     */
    public byte[] toBytes() {
        List<byte[]> stored = tables.stream().map(FrequencyTable::toBytes).toList();
        int indexBytes = tables.size() > 256 ? 2 : 1;
        ByteBuffer out = ByteBuffer.allocate(9 + indexBytes * tableOf.length + stored.stream().mapToInt(b -> b.length).sum())
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) FORMAT_VERSION).putInt(tableOf.length).putInt(tables.size());
        for (int index : tableOf) {
            if (indexBytes == 2) {
                out.putShort((short) index);
            } else {
                out.put((byte) index);
            }
        }
        stored.forEach(out::put);
        return out.array();
    }

    /**
     * Reads the stored form, every count bounded before anything is allocated.
     *
     * @throws CdcFormatException when it is cut short, too large, or not valid
     */
    public static CodeTables read(byte[] bytes) throws CdcFormatException {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 9) {
            throw new CdcFormatException("code tables cut short: " + bytes.length + " bytes, expected at least 9");
        }
        int version = in.get() & 0xFF;
        if (version != FORMAT_VERSION) {
            throw new CdcFormatException("code tables of version " + version + ": this cdc reads version " + FORMAT_VERSION);
        }
        long elements = Integer.toUnsignedLong(in.getInt());
        long tableCount = Integer.toUnsignedLong(in.getInt());
        if (elements < 1 || elements > MAX_ELEMENTS || tableCount < 1 || tableCount > elements) {
            throw new CdcFormatException("code tables claim " + tableCount + " tables for " + elements + " elements: expected 1.."
                    + MAX_ELEMENTS + " elements and 1 to that many tables");
        }
        int indexBytes = tableCount > 256 ? 2 : 1;
        // The smallest table is 6 bytes: the claimed counts must fit in what is there before anything is allocated.
        if (in.remaining() < indexBytes * elements + 6 * tableCount) {
            throw new CdcFormatException("code tables cut short: " + in.remaining() + " bytes for " + elements + " elements and "
                    + tableCount + " tables");
        }
        int[] tableOf = new int[(int) elements];
        for (int e = 0; e < elements; e++) {
            tableOf[e] = indexBytes == 2 ? Short.toUnsignedInt(in.getShort()) : in.get() & 0xFF;
        }
        List<FrequencyTable> tables = new ArrayList<>((int) tableCount);
        for (int t = 0; t < tableCount; t++) {
            tables.add(FrequencyTable.read(in));
        }
        if (in.hasRemaining()) {
            throw new CdcFormatException("code tables have " + in.remaining() + " bytes after the last table: expected none");
        }
        try {
            return new CodeTables(tables, tableOf);
        } catch (IllegalArgumentException e) {
            throw new CdcFormatException("code tables are not valid: " + e.getMessage());
        }
    }

    /** SHA-256 of the stored form: what a shard names so that edge and cloud code with the same tables. */
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CodeTables that && tables.equals(that.tables) && Arrays.equals(tableOf, that.tableOf);
    }

    @Override
    public int hashCode() {
        return tables.hashCode() * 31 + Arrays.hashCode(tableOf);
    }
}
