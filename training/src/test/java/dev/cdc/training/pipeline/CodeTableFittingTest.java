package dev.cdc.training.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.entropy.CodeTables;
import dev.cdc.core.entropy.RansCoder;
import dev.cdc.core.shard.ModelFingerprint;
import dev.cdc.cuda.CudaException;
import dev.cdc.training.Fixtures;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.core.modelfile.ModelFormatException;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.store.TrainingState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model's entropy-coding tables: fitted on its own codes, stored in its file, part of its fingerprint. */
class CodeTableFittingTest {
    @TempDir
    Path dir;

    @Test
    void tablesFittedOnAModelsCodesCodeThemAndTravelInItsFile() throws IOException, CudaException {
        TrainingImages data = Fixtures.bars(200, 1);
        CdcModel model = CdcModel.create(new ModelConfig(data.shape(), 3, 2, 8, 2), 1);
        ModelFingerprint without = model.fingerprint();
        CodeTables tables = CodeTableFitting.fit(model, data);
        assertEquals(model.config().latentElements(), tables.elements());
        assertEquals(tables.elements(), tables.tableCount(), "one table per latent position");
        assertEquals(4, tables.symbols());
        model.useCodeTables(tables);
        assertNotEquals(without, model.fingerprint(), "the tables are part of the fingerprint");

        // The model's own codes, as an edge would send them, come back through a stream of its tables.
        ChunkEncoder.Records records = new ChunkEncoder(model, data).encode(0, 200);
        int n = model.config().latentElements();
        int[] unpacked = new int[n];
        byte[] codes = new byte[200 * n];
        FastCodec codec = new FastCodec(model.config().codec());
        for (int r = 0; r < 200; r++) {
            codec.unpackCodes(records.codes(), r * model.config().codec().recordBytesExact(n), n, unpacked, 0);
            for (int e = 0; e < n; e++) {
                codes[r * n + e] = (byte) unpacked[e];
            }
        }
        byte[] stream = RansCoder.encode(codes, codes.length, tables);
        assertTrue(stream.length <= records.codes().length, stream.length + " stream bytes against " + records.codes().length
                + " packed: fitted on these very codes, the tables cannot cost more than k bits each");
        byte[] decoded = new byte[codes.length];
        RansCoder.decode(stream, 0, stream.length, codes.length, tables, decoded);
        assertArrayEquals(codes, decoded);

        Path file = dir.resolve("m.cdcm");
        ModelStore.saveModel(file, model, Fixtures.PROVENANCE, TrainingState.FINISHED, null);
        CdcModel loaded = ModelStore.loadModel(file).model();
        assertEquals(tables, loaded.codeTables());
        assertEquals(model.fingerprint(), loaded.fingerprint());

        // Tables swapped inside the file: the fingerprint no longer matches and the file is refused.
        CdcModel other = CdcModel.create(new ModelConfig(data.shape(), 3, 2, 8, 2), 2);
        byte[] otherTables = CodeTableFitting.fit(other, data).toBytes();
        Path swapped = dir.resolve("swapped.cdcm");
        rewrite(file, swapped, "code-tables.bin", otherTables);
        ModelFormatException refused = assertThrows(ModelFormatException.class, () -> ModelStore.loadModel(swapped));
        assertTrue(refused.getMessage().contains("fingerprint"), refused.getMessage());
        Path garbage = dir.resolve("garbage.cdcm");
        rewrite(file, garbage, "code-tables.bin", new byte[] {1, 2, 3});
        assertThrows(ModelFormatException.class, () -> ModelStore.loadModel(garbage));

        CdcModel plain = CdcModel.create(new ModelConfig(data.shape(), 3, 2, 8, 2), 1);
        Path plainFile = dir.resolve("plain.cdcm");
        ModelStore.saveModel(plainFile, plain, Fixtures.PROVENANCE, TrainingState.FINISHED, null);
        assertNull(ModelStore.loadModel(plainFile).model().codeTables(), "a model without tables loads as before");
        assertEquals(without, ModelStore.loadModel(plainFile).model().fingerprint());
        assertThrows(IllegalArgumentException.class, () -> plain.useCodeTables(CodeTableFitting.fit(
                CdcModel.create(new ModelConfig(data.shape(), 3, 2, 8, 4), 1), data)), "tables of another k");
    }

    /** {@code from} with entry {@code name} replaced by {@code content}. */
    private static void rewrite(Path from, Path to, String name, byte[] content) throws IOException {
        try (ZipFile zip = new ZipFile(from.toFile()); OutputStream raw = Files.newOutputStream(to);
                ZipOutputStream out = new ZipOutputStream(raw)) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(entry.getName().equals(name) ? content : zip.getInputStream(entry).readAllBytes());
                out.closeEntry();
            }
        }
    }
}
