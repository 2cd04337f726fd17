package dev.cdc.core.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.CdcFormatException;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Tables fitted from counts and stored: exact sums, floors, and hostile stored forms. */
class FrequencyTableTest {

    @Property(tries = 500)
    void fittedTablesSumToTheTotalKeepEverySymbolAndFollowTheCounts(@ForAll @IntRange(min = 2, max = 256) int n,
            @ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        long[] counts = new long[n];
        for (int s = 0; s < n; s++) {
            counts[s] = random.nextInt(3) == 0 ? 0 : random.nextLong(1, 1L << 32);
        }
        FrequencyTable table = FrequencyTable.fit(counts);
        long sum = 0;
        for (int s = 0; s < n; s++) {
            assertTrue(table.frequency(s) >= 1);
            sum += table.frequency(s);
        }
        assertEquals(FrequencyTable.TOTAL, sum);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (counts[a] > counts[b]) {
                    assertTrue(table.frequency(a) >= table.frequency(b), "a larger count never gets a smaller frequency");
                }
            }
        }
        ByteBuffer stored = ByteBuffer.wrap(table.toBytes());
        try {
            assertEquals(table, FrequencyTable.read(stored));
        } catch (CdcFormatException e) {
            throw new AssertionError(e);
        }
        for (int slot = 0; slot < FrequencyTable.TOTAL; slot += 97) {
            int s = table.symbolAt(slot);
            assertTrue(table.start(s) <= slot && slot < table.start(s) + table.frequency(s));
        }
    }

    @Test
    void smallCasesByHand() {
        assertArrayEquals(new int[] {8192, 8192}, frequencies(FrequencyTable.fit(new long[] {0, 0})), "no counts: even");
        assertArrayEquals(new int[] {8192, 8192}, frequencies(FrequencyTable.fit(new long[] {7, 7})));
        // 16382 spare units: 3 and 1 of 4 give 12286.5 and 4095.5; the tie of remainders goes to the lower symbol.
        assertArrayEquals(new int[] {12288, 4096}, frequencies(FrequencyTable.fit(new long[] {3, 1})));
        assertArrayEquals(new int[] {16383, 1}, frequencies(FrequencyTable.fit(new long[] {9, 0})), "an unseen symbol keeps a floor");
    }

    @Test
    void invalidTablesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> FrequencyTable.of(16384));
        assertThrows(IllegalArgumentException.class, () -> FrequencyTable.of(16384, 0));
        assertThrows(IllegalArgumentException.class, () -> FrequencyTable.of(8192, 8191));
        assertThrows(IllegalArgumentException.class, () -> FrequencyTable.fit(new long[257]));
        for (byte[] hostile : List.of(new byte[] {}, new byte[] {1}, new byte[] {1, 0}, new byte[] {(byte) 0xFF, (byte) 0xFF},
                new byte[] {2, 0, 0, 0x40, 0, 0}, new byte[] {2, 0, 0, 0x20, 0, 0x1F})) {
            assertThrows(CdcFormatException.class, () -> FrequencyTable.read(ByteBuffer.wrap(hostile)), java.util.Arrays.toString(hostile));
        }
    }

    private static int[] frequencies(FrequencyTable table) {
        int[] f = new int[table.symbols()];
        for (int s = 0; s < f.length; s++) {
            f[s] = table.frequency(s);
        }
        return f;
    }
}
