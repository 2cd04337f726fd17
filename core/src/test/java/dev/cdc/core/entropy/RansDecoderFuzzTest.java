package dev.cdc.core.entropy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cdc.core.CdcFormatException;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing (Jazzer) of what a hostile edge or file controls: the stored tables and
 * the stream. An input is a tables length (2 bytes), the tables, a symbol count (2 bytes) and the
 * stream; it decodes or is refused with a {@link CdcFormatException}, reading nothing outside the
 * stream. The test command runs the committed inputs; {@code scripts/fuzz.sh} fuzzes.
 */
class RansDecoderFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodesOrRefuses(byte[] input) {
        if (input.length < 4) {
            return;
        }
        int tablesLength = Math.min(((input[0] & 0xFF) << 8 | (input[1] & 0xFF)), input.length - 4);
        int count = (input[2 + tablesLength] & 0xFF) << 8 | (input[3 + tablesLength] & 0xFF);
        try {
            CodeTables tables = CodeTables.read(Arrays.copyOfRange(input, 2, 2 + tablesLength));
            int streamStart = 4 + tablesLength;
            byte[] out = new byte[count];
            RansCoder.decode(input, streamStart, input.length - streamStart, count, tables, out);
            for (int i = 0; i < count; i++) {
                assertTrue((out[i] & 0xFF) < tables.symbols(), "a symbol outside the alphabet");
            }
        } catch (CdcFormatException refused) {
            assertTrue(refused.getMessage().length() < 500, "a refusal of " + refused.getMessage().length() + " characters");
        }
    }
}
