package dev.cdc.core.npy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cdc.core.CdcFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the {@code .npy} reader (Jazzer). In the test command only the
 * committed inputs under {@code NpyReaderFuzzTestInputs} run; {@code scripts/fuzz.sh} fuzzes. Any
 * input may be read or refused with a {@link CdcFormatException}; anything else (a runtime
 * exception, an out-of-memory error under the script's small heap, a slow input) is a finding.
 */
class NpyReaderFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void readsOrRefuses(byte[] input) throws IOException {
        Path file = Files.createTempFile("fuzz", ".npy");
        try {
            Files.write(file, input);
            NpyArray array = NpyReader.read(file);
            long elements = NpyArray.elementCount(array.shape());
            assertTrue(elements * Float.BYTES <= input.length, "an array larger than its file");
        } catch (CdcFormatException refused) {
            assertTrue(refused.getMessage().length() < 2_000, "a refusal message of " + refused.getMessage().length() + " characters");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
