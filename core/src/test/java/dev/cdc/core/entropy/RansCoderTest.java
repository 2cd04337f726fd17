package dev.cdc.core.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.CdcFormatException;
import dev.cdc.core.reference.PythonReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The rANS coder against the committed vectors, the plain reference, random tables and hostile streams. */
class RansCoderTest {

    @Test
    void committedVectorsAreWhatThePlainReferenceGenerates() throws IOException {
        String generated = RansVectors.generate() + "\n";
        String target = System.getProperty("cdc.rans.vectors.write");
        if (target != null) {
            Files.writeString(Path.of(target), generated, StandardCharsets.UTF_8);
            System.out.println("rewrote " + Path.of(target).toAbsolutePath());
        }
        String committed;
        try (InputStream in = RansVectors.class.getResourceAsStream(RansVectors.RESOURCE)) {
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(generated, committed, "testdata/rans-vectors.json differs from what PlainRans makes");
    }

    @Test
    void theCoderWritesAndReadsEveryVectorByteForByte() throws CdcFormatException {
        RansVectors.File file = RansVectors.load();
        assertEquals(FrequencyTable.PRECISION_BITS, file.precisionBits());
        for (RansVectors.Fit fit : file.fits()) {
            long[] counts = fit.counts().stream().mapToLong(Long::longValue).toArray();
            int[] frequencies = fit.frequencies().stream().mapToInt(Integer::intValue).toArray();
            assertEquals(FrequencyTable.of(frequencies), FrequencyTable.fit(counts), fit.name());
        }
        for (RansVectors.Stream vector : file.streams()) {
            List<FrequencyTable> tables = new ArrayList<>();
            vector.tables().forEach(t -> tables.add(FrequencyTable.of(t.stream().mapToInt(Integer::intValue).toArray())));
            CodeTables codeTables = new CodeTables(tables, vector.tableOf().stream().mapToInt(Integer::intValue).toArray());
            byte[] symbols = new byte[vector.symbols().size()];
            for (int i = 0; i < symbols.length; i++) {
                symbols[i] = (byte) (int) vector.symbols().get(i);
            }
            byte[] stream = RansCoder.encode(symbols, symbols.length, codeTables);
            assertEquals(vector.stream(), HexFormat.of().formatHex(stream), vector.name());
            byte[] decoded = new byte[symbols.length];
            RansCoder.decode(stream, 0, stream.length, symbols.length, codeTables, decoded);
            assertArrayEquals(symbols, decoded, vector.name());
        }
    }

    @Test
    void thePythonReferenceWrittenFromTheSpecMatchesTheVectors() throws IOException, InterruptedException {
        PythonReference.run("the rANS vectors", "rans_reference.py", Path.of("..", "testdata", "rans-vectors.json").toString());
    }

    @Property(tries = 300)
    void anyTableAndSymbolsComeBackAndAgreeWithThePlainReference(@ForAll @IntRange(min = 1, max = 8) int bits,
            @ForAll @IntRange(min = 0, max = 600) int count, @ForAll @LongRange(min = 0, max = 1L << 40) long seed,
            @ForAll @IntRange(min = 1, max = 5) int elements) throws CdcFormatException {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        int n = 1 << bits;
        List<FrequencyTable> tables = new ArrayList<>();
        int tableCount = 1 + random.nextInt(elements);
        for (int t = 0; t < tableCount; t++) {
            long[] counts = new long[n];
            for (int s = 0; s < n; s++) {
                counts[s] = random.nextInt(4) == 0 ? 0 : random.nextLong(1, 1L << random.nextInt(1, 30));
            }
            tables.add(FrequencyTable.fit(counts));
        }
        int[] tableOf = new int[elements];
        for (int e = 0; e < elements; e++) {
            tableOf[e] = random.nextInt(tableCount);
        }
        CodeTables codeTables = new CodeTables(tables, tableOf);
        byte[] symbols = new byte[count];
        for (int i = 0; i < count; i++) {
            symbols[i] = (byte) random.nextInt(n);
        }
        byte[] stream = RansCoder.encode(symbols, count, codeTables);
        assertTrue(stream.length <= RansCoder.maxStreamBytes(count));
        byte[] decoded = new byte[count];
        RansCoder.decode(stream, 0, stream.length, count, codeTables, decoded);
        assertArrayEquals(symbols, decoded);
        if (count <= 60) {
            List<List<Integer>> plainTables = new ArrayList<>();
            for (FrequencyTable table : tables) {
                List<Integer> frequencies = new ArrayList<>();
                for (int s = 0; s < n; s++) {
                    frequencies.add(table.frequency(s));
                }
                plainTables.add(frequencies);
            }
            List<Integer> plainSymbols = new ArrayList<>();
            for (byte b : symbols) {
                plainSymbols.add(b & 0xFF);
            }
            List<Integer> tableList = java.util.Arrays.stream(tableOf).boxed().toList();
            List<Integer> plain = PlainRans.encode(plainSymbols, plainTables, tableList);
            assertEquals(plain.size(), stream.length);
            for (int i = 0; i < stream.length; i++) {
                assertEquals((int) plain.get(i), stream[i] & 0xFF, "byte " + i);
            }
            assertEquals(plainSymbols, PlainRans.decode(plain, count, plainTables, tableList));
        }
    }

    @Test
    void theStreamCostsTheTablesCrossEntropyPlusItsState() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        FrequencyTable table = FrequencyTable.fit(new long[] {6000, 2500, 1000, 400, 80, 15, 4, 1});
        CodeTables tables = new CodeTables(List.of(table), new int[] {0});
        int count = 50_000;
        byte[] symbols = new byte[count];
        for (int i = 0; i < count; i++) {
            int slot = random.nextInt(FrequencyTable.TOTAL);
            symbols[i] = (byte) table.symbolAt(slot);
        }
        double ideal = tables.bits(symbols, count) / 8;
        int actual = RansCoder.encode(symbols, count, tables).length;
        assertTrue(actual >= ideal && actual <= ideal * 1.001 + RansCoder.STATE_BYTES + 1,
                "stream " + actual + " bytes for a cross-entropy of " + ideal + " bytes");
    }

    @Test
    void damagedStreamsAreRefusedNeverMisread() throws CdcFormatException {
        FrequencyTable table = FrequencyTable.fit(new long[] {50, 30, 15, 5});
        CodeTables tables = new CodeTables(List.of(table), new int[] {0});
        byte[] symbols = new byte[200];
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = (byte) (i * 7 % 4);
        }
        byte[] stream = RansCoder.encode(symbols, symbols.length, tables);
        byte[] out = new byte[symbols.length];
        assertThrows(CdcFormatException.class, () -> RansCoder.decode(stream, 0, stream.length - 1, symbols.length, tables, out),
                "cut short");
        byte[] longer = java.util.Arrays.copyOf(stream, stream.length + 1);
        assertThrows(CdcFormatException.class, () -> RansCoder.decode(longer, 0, longer.length, symbols.length, tables, out),
                "a byte too many");
        assertThrows(CdcFormatException.class, () -> RansCoder.decode(stream, 0, stream.length, symbols.length + 1, tables, new byte[201]),
                "asked for a symbol more");
        assertThrows(CdcFormatException.class, () -> RansCoder.decode(new byte[3], 0, 3, 1, tables, out), "no state");
        assertThrows(CdcFormatException.class, () -> RansCoder.decode(new byte[] {0, 0, 0, 0}, 0, 4, 1, tables, out),
                "a state below L");
        CodeTables other = new CodeTables(List.of(FrequencyTable.fit(new long[] {5, 30, 15, 50})), new int[] {0});
        assertThrows(CdcFormatException.class, () -> RansCoder.decode(stream, 0, stream.length, symbols.length, other, out),
                "other tables");
        int flipped = 0;
        for (int i = 0; i < stream.length; i++) {
            byte[] damaged = stream.clone();
            damaged[i] ^= 0x5A;
            try {
                RansCoder.decode(damaged, 0, damaged.length, symbols.length, tables, out);
            } catch (CdcFormatException refused) {
                flipped++;
            }
        }
        assertTrue(flipped > stream.length * 9 / 10, "the end-state check catches almost every flipped byte: " + flipped + " of "
                + stream.length);
    }
}
