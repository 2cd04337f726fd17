package dev.cdc.core.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.CdcFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Tables per latent layout: fitted, stored, read back, and hostile stored forms refused before allocating. */
class CodeTablesTest {
    /** 2 channels of 3 positions, 4 symbols: channel 0 mostly 0, channel 1 mostly 3. */
    private static byte[] codes(int records) {
        byte[] codes = new byte[records * 6];
        for (int r = 0; r < records; r++) {
            for (int e = 0; e < 6; e++) {
                codes[r * 6 + e] = (byte) (e < 3 ? (r % 5 == 0 ? e : 0) : (r % 7 == 0 ? 1 : 3));
            }
        }
        return codes;
    }

    @Test
    void layoutsShareTablesAsNamedAndTheFinerOnesCostLessOnTheirOwnData() throws CdcFormatException {
        byte[] codes = codes(500);
        CodeTables single = CodeTables.fit(codes, 500, 2, 3, 4, CodeTables.Layout.SINGLE);
        CodeTables perChannel = CodeTables.fit(codes, 500, 2, 3, 4, CodeTables.Layout.PER_CHANNEL);
        CodeTables perPosition = CodeTables.fit(codes, 500, 2, 3, 4, CodeTables.Layout.PER_POSITION);
        assertEquals(1, single.tableCount());
        assertEquals(2, perChannel.tableCount());
        assertEquals(6, perPosition.tableCount());
        double bitsSingle = single.bits(codes, codes.length);
        double bitsChannel = perChannel.bits(codes, codes.length);
        assertTrue(bitsChannel < bitsSingle * 0.8, bitsChannel + " vs " + bitsSingle);
        assertTrue(perPosition.bits(codes, codes.length) <= bitsChannel + 1e-6);

        for (CodeTables tables : new CodeTables[] {single, perChannel, perPosition}) {
            CodeTables back = CodeTables.read(tables.toBytes());
            assertEquals(tables, back);
            assertArrayEquals(tables.fingerprint(), back.fingerprint());
            byte[] stream = RansCoder.encode(codes, codes.length, tables);
            byte[] decoded = new byte[codes.length];
            RansCoder.decode(stream, 0, stream.length, codes.length, back, decoded);
            assertArrayEquals(codes, decoded);
        }
    }

    @Test
    void hostileStoredTablesAreRefusedBeforeAllocating() {
        byte[] good = CodeTables.fit(codes(10), 10, 2, 3, 4, CodeTables.Layout.PER_CHANNEL).toBytes();
        assertThrows(CdcFormatException.class, () -> CodeTables.read(new byte[] {1, 0, 0}));
        byte[] version = good.clone();
        version[0] = 9;
        assertThrows(CdcFormatException.class, () -> CodeTables.read(version));
        // Claims 2^31 elements in a few bytes: refused from the counts, nothing allocated.
        byte[] huge = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(Integer.MAX_VALUE).putInt(1).array();
        CdcFormatException claim = assertThrows(CdcFormatException.class, () -> CodeTables.read(huge));
        assertTrue(claim.getMessage().contains("2147483647"), claim.getMessage());
        byte[] badIndex = good.clone();
        badIndex[9] = 5;
        assertThrows(CdcFormatException.class, () -> CodeTables.read(badIndex));
        assertThrows(CdcFormatException.class, () -> CodeTables.read(java.util.Arrays.copyOf(good, good.length + 1)));
        assertThrows(CdcFormatException.class, () -> CodeTables.read(java.util.Arrays.copyOf(good, good.length - 1)));
        byte[] symbols = new byte[6];
        symbols[2] = 4;
        assertThrows(IllegalArgumentException.class, () -> CodeTables.fit(symbols, 1, 2, 3, 4, CodeTables.Layout.SINGLE));
    }
}
