package dev.cdc.training.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.bundle.BundleFormatException;
import dev.cdc.core.bundle.BundlePair;
import dev.cdc.core.data.ClassNames;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.store.Provenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Makes bundles from fine-tuned models, and loads a bundle's models, checking them against its manifest. */
public final class BundleModels {
    private BundleModels() {
    }

    /**
     * Copies each model into a new bundle directory as {@code kK.cdcm} and writes the manifest.
     * The models must share image shape, classes and latent shape, one model per k.
     */
    public static Bundle create(Path directory, List<Path> modelFiles) throws IOException {
        if (Files.exists(directory)) {
            throw new BundleFormatException(directory, "already exists: expected a new directory for the bundle");
        }
        List<ModelStore.SavedModel> saved = new ArrayList<>();
        for (Path file : modelFiles) {
            saved.add(ModelStore.loadModel(file));
        }
        saved.sort(Comparator.comparingInt(s -> s.model().config().bits()));
        CdcModel first = saved.get(0).model();
        List<BundlePair> pairs = new ArrayList<>();
        for (int i = 0; i < saved.size(); i++) {
            CdcModel model = saved.get(i).model();
            if (!model.config().shape().equals(first.config().shape()) || model.config().classes() != first.config().classes()
                    || !Arrays.equals(model.config().latentShape(), first.config().latentShape())) {
                throw new BundleFormatException(modelFiles.get(i), "takes " + model.config().shape() + " images, "
                        + model.config().classes() + " classes, latent " + Arrays.toString(model.config().latentShape())
                        + " but the others take " + first.config().shape() + ", " + first.config().classes() + ", "
                        + Arrays.toString(first.config().latentShape()) + ": a bundle's pairs must differ only in k");
            }
            if (!model.config().classNames().equals(first.config().classNames())) {
                throw new BundleFormatException(modelFiles.get(i), "names its classes " + ClassNames.shortList(model.config()
                        .classNames()) + " but the others " + ClassNames.shortList(first.config().classNames())
                        + ": a bundle's pairs must be trained on one data set");
            }
            int bits = model.config().bits();
            pairs.add(new BundlePair(bits, model.fingerprint(), "k" + bits + ".cdcm", model.config().codec(),
                    provenanceMap(saved.get(i).provenance())));
        }
        Bundle bundle;
        try {
            bundle = new Bundle(directory, new int[] {first.config().shape().channels(), first.config().shape().height(),
                first.config().shape().width()}, first.config().classNames(), first.config().latentShape(), pairs);
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException(directory, e.getMessage());
        }
        Path partial = directory.resolveSibling("." + directory.getFileName() + ".partial");
        deleteRecursively(partial);
        Files.createDirectories(partial);
        for (int i = 0; i < saved.size(); i++) {
            ModelStore.SavedModel s = saved.get(i);
            ModelStore.saveModel(partial.resolve(pairs.get(i).file()), s.model(), s.provenance(), s.state(), null);
        }
        new Bundle(partial, bundle.imageShape(), bundle.classNames(), bundle.latentShape(), bundle.pairs()).writeManifest();
        Files.move(partial, directory);
        return Bundle.read(directory);
    }

    /** Each pair's model by k, its fingerprint checked against the manifest. */
    public static Map<Integer, CdcModel> load(Bundle bundle) throws IOException {
        Map<Integer, CdcModel> models = new LinkedHashMap<>();
        for (BundlePair pair : bundle.pairs()) {
            Path file = bundle.file(pair);
            CdcModel model = ModelStore.loadModel(file).model();
            if (!model.fingerprint().equals(pair.fingerprint()) || model.config().bits() != pair.bits()) {
                throw new BundleFormatException(file, "is a k=" + model.config().bits() + " model with fingerprint "
                        + model.fingerprint() + " but the manifest lists k=" + pair.bits() + " with " + pair.fingerprint()
                        + ": the bundle was changed after it was made; make it again with `cdc bundle create`");
            }
            models.put(pair.bits(), model);
        }
        return models;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> provenanceMap(Provenance provenance) {
        return new ObjectMapper().convertValue(provenance, Map.class);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
