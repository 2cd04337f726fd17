package dev.cdc.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void escapesControlCharactersAndCutsLongText() {
        assertEquals("ce:0.05", Printable.of("ce:0.05"));
        assertEquals("a\\nb\\u001b[31m\\u0000", Printable.of("a\nb\u001b[31m\0"));
        String cut = Printable.of("x".repeat(1000), 10);
        assertEquals("xxxxxxxxxx...(1000 characters)", cut);
        assertTrue(Printable.of("back\\slash").contains("\\\\"), "a backslash cannot fake an escape");
        assertEquals("\\u202e", Printable.of("\u202e"), "a bidirectional override is shown, not obeyed");
        assertEquals("caf\u00e9 \u00fc", Printable.of("caf\u00e9 \u00fc"), "printable letters stay");
    }

    @Test
    void readsBytesAsOneCharacterEach() {
        assertEquals("ab\\u00ff\\u0001", Printable.ofBytes(new byte[] {'a', 'b', (byte) 0xff, 1}, 80).replace("\u00ff", "\\u00ff"));
        assertTrue(Printable.ofBytes(new byte[5000], 20).endsWith("...(21 characters)"), "reads no more than it shows");
    }
}
