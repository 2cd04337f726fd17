package dev.cdc.training.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cdc.core.CdcFormatException;
import dev.cdc.core.modelfile.ZipEntries;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Coverage-guided fuzzing of model files (Jazzer), two ways: whole files as bytes (the zip
 * archive, its directory and entries), and {@code model.json} alone inside an otherwise valid
 * first-wave model file (the configuration, its limits, the fingerprint), where byte mutations
 * of a whole archive would rarely get past the entry checksums. Each input is loaded as an
 * autoencoder and as a classifier; it may load or be refused with a {@link CdcFormatException}.
 * Anything else, a JVM crash in LibTorch or an out-of-memory error under {@code scripts/fuzz.sh}'s
 * small heap, is a finding. The test command runs only the committed inputs.
 */
class ModelFileFuzzTest {
    private static final Map<String, byte[]> FIRST_WAVE = firstWaveEntries();

    @FuzzTest(maxDuration = "2m")
    void wholeFileLoadsOrIsRefused(byte[] input) throws IOException {
        loadFromTemporaryFile(file -> Files.write(file, input));
    }

    @FuzzTest(maxDuration = "2m")
    void modelJsonLoadsOrIsRefused(byte[] modelJson) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(FIRST_WAVE);
        entries.put("model.json", modelJson);
        loadFromTemporaryFile(file -> ZipEntries.write(file, entries));
    }

    /** Writes a temporary model file, loads it both ways, and deletes it. */
    private static void loadFromTemporaryFile(FileContent content) throws IOException {
        Path file = Files.createTempFile("fuzz", ".cdcm");
        try {
            content.writeTo(file);
            loadBothWays(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @FunctionalInterface
    private interface FileContent {
        void writeTo(Path file) throws IOException;
    }

    private static void loadBothWays(Path file) throws IOException {
        try {
            ModelStore.loadModel(file);
        } catch (CdcFormatException refused) {
            assertShort(refused);
        }
        try {
            ModelStore.loadClassifier(file);
        } catch (CdcFormatException refused) {
            assertShort(refused);
        }
    }

    private static void assertShort(CdcFormatException refused) {
        assertTrue(refused.getMessage().length() < 2_000, "a refusal message of " + refused.getMessage().length() + " characters");
    }

    private static Map<String, byte[]> firstWaveEntries() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = ModelFileFuzzTest.class.getResourceAsStream("/first-wave/first-wave.cdcm");
                ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }
}
