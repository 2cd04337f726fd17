package dev.cdc.core.modelfile;

import dev.cdc.core.CdcFormatException;
import dev.cdc.core.entropy.CodeTables;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The entropy coder's tables inside a model file ({@code code-tables.bin}, docs/entropy-coding.md):
 * read by the trainer's model store, by the edge's LibTorch-free reader and by the ingest
 * service, which needs nothing else of a model to check a rANS-coded chunk.
 */
public final class ModelCodeTables {
    public static final String ENTRY = "code-tables.bin";

    private ModelCodeTables() {
    }

    /**
     * The tables of an open model file, or null when it has none (a model from before tables):
     * bounded by the latent's size before reading, checked against it after.
     */
    public static CodeTables read(Path file, ZipEntries entries, int latentElements, int bits) throws IOException {
        byte[] stored = entries.read(ENTRY, CodeTables.maxStoredBytes(Math.min(latentElements, CodeTables.MAX_ELEMENTS)));
        if (stored == null) {
            return null;
        }
        try {
            CodeTables tables = CodeTables.read(stored);
            if (tables.elements() != latentElements || tables.symbols() != 1 << bits) {
                throw new ModelFormatException(file, ENTRY + " codes " + tables.elements() + " elements of " + tables.symbols()
                        + " symbols: expected the model's " + latentElements + " of " + (1 << bits));
            }
            return tables;
        } catch (CdcFormatException e) {
            throw new ModelFormatException(file, ENTRY + ": " + e.getMessage());
        }
    }

    /** As above, opening the model file at {@code file} for just this. */
    public static CodeTables read(Path file, int latentElements, int bits) throws IOException {
        try (ZipEntries entries = ZipEntries.open(file)) {
            return read(file, entries, latentElements, bits);
        }
    }
}
