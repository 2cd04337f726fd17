package dev.cdc.training.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.bundle.BundleFormatException;
import dev.cdc.training.Fixtures;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ImageShape;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.store.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle made from models and loaded back: one pair per k, each checked against the manifest. */
class BundleModelsTest {
    private static final ImageShape SHAPE = new ImageShape(1, 12, 12);
    @TempDir
    Path dir;

    private Path saved(int bits, int latentChannels, long seed) throws IOException {
        CdcModel model = CdcModel.create(new ModelConfig(SHAPE, 3, latentChannels, 8, bits), seed);
        Path file = dir.resolve("m" + bits + "-" + latentChannels + "-" + seed + ".cdcm");
        ModelStore.saveModel(file, model, Fixtures.PROVENANCE, TrainingState.FINISHED, null);
        return file;
    }

    @Test
    void pairsComeBackByKWithTheFingerprintsTheManifestLists() throws IOException {
        Path four = saved(4, 2, 1);
        Path two = saved(2, 2, 2);
        Bundle bundle = BundleModels.create(dir.resolve("b"), List.of(four, two));
        assertEquals(List.of(2, 4), bundle.pairs().stream().map(p -> p.bits()).toList(), "pairs in order of k");
        assertFalse(Files.exists(dir.resolve(".b.partial")), "the partial directory was renamed into place");

        Map<Integer, CdcModel> models = BundleModels.load(Bundle.read(dir.resolve("b")));
        assertEquals(ModelStore.loadModel(two).model().fingerprint(), models.get(2).fingerprint());
        assertEquals(ModelStore.loadModel(four).model().fingerprint(), models.get(4).fingerprint());
    }

    @Test
    void pairsThatDifferInMoreThanKOrAnExistingDirectoryAreRefused() throws IOException {
        BundleFormatException shape = assertThrows(BundleFormatException.class,
                () -> BundleModels.create(dir.resolve("b"), List.of(saved(2, 2, 1), saved(4, 3, 1))));
        assertTrue(shape.getMessage().contains("must differ only in k"), shape.getMessage());
        Files.createDirectories(dir.resolve("taken"));
        assertThrows(BundleFormatException.class, () -> BundleModels.create(dir.resolve("taken"), List.of(saved(2, 2, 1))));
    }

    @Test
    void aModelSwappedAfterTheBundleWasMadeIsRefusedWhenLoading() throws IOException {
        BundleModels.create(dir.resolve("b"), List.of(saved(2, 2, 1)));
        // Another model of the same k in the pair's file: same shapes, other weights, other fingerprint.
        Files.copy(saved(2, 2, 99), dir.resolve("b").resolve("k2.cdcm"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> BundleModels.load(Bundle.read(dir.resolve("b"))));
        assertTrue(e.getMessage().contains("changed after it was made"), e.getMessage());
    }

    @Test
    void classNamesTravelFromTheModelFilesIntoTheManifestAndBack() throws IOException {
        List<String> names = List.of("cat", "dog", "eel");
        CdcModel model = CdcModel.create(new ModelConfig(SHAPE, names, 2, 8, 2), 1);
        Path file = dir.resolve("named.cdcm");
        ModelStore.saveModel(file, model, Fixtures.PROVENANCE, TrainingState.FINISHED, null);
        assertEquals(names, ModelStore.loadModel(file).model().config().classNames());

        Bundle bundle = BundleModels.create(dir.resolve("b"), List.of(file));
        assertEquals(names, Bundle.read(dir.resolve("b")).classNames());
        assertEquals(3, bundle.classes());

        // A manifest from before names were kept numbers the classes.
        Path manifest = dir.resolve("b").resolve(Bundle.MANIFEST);
        String json = Files.readString(manifest).replaceAll("\"classNames\"\\s*:\\s*\\[[^\\]]*\\],?", "");
        Files.writeString(manifest, json);
        assertEquals(List.of("0", "1", "2"), Bundle.read(dir.resolve("b")).classNames());

        BundleFormatException mixed = assertThrows(BundleFormatException.class,
                () -> BundleModels.create(dir.resolve("c"), List.of(file, saved(4, 2, 1))));
        assertTrue(mixed.getMessage().contains("one data set"), mixed.getMessage());
    }
}
