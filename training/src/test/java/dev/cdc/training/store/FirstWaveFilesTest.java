package dev.cdc.training.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.data.ClassNames;
import dev.cdc.training.model.ClassifierSpec;
import dev.cdc.training.model.Tensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files saved by the first wave, before they recorded their classifiers' shapes, still load and compute the same. */
class FirstWaveFilesTest {
    @TempDir
    Path dir;

    private Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/first-wave/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private Map<String, String> recorded() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readString(resource("first-wave-outputs.txt"), StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return values;
    }

    private static float[] floats(String list) {
        String[] parts = list.substring(1, list.length() - 1).split(", ");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Float.parseFloat(parts[i]);
        }
        return out;
    }

    private static Tensor input() {
        float[] x = new float[2 * 144];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 17) / 16f;
        }
        return Tensor.create(x, 2, 1, 12, 12);
    }

    @Test
    void firstWaveModelLoadsWithItsGuideAndComputesTheSame() throws IOException {
        Map<String, String> recorded = recorded();
        ModelStore.SavedModel saved = ModelStore.loadModel(resource("first-wave.cdcm"));
        assertEquals(recorded.get("fingerprint"), saved.model().fingerprint().toString());
        assertEquals(ClassifierSpec.legacyGuide(), saved.model().guidance().spec());
        assertTrue(ClassNames.isNumbered(saved.model().config().classNames()), "files from before names number the classes");
        saved.model().encoder().eval();
        saved.model().guidance().eval();
        try (NoGradGuard noGrad = new NoGradGuard()) {
            assertArrayEquals(floats(recorded.get("latent")), Tensors.toFloats(saved.model().encoder().forward(input())), 1e-6f);
            assertArrayEquals(floats(recorded.get("guide")), Tensors.toFloats(saved.model().guidance().forward(input())), 1e-5f);
        }
    }

    @Test
    void firstWaveClassifierLoadsAsThePooledBatchNormOne() throws IOException {
        ModelStore.SavedClassifier saved = ModelStore.loadClassifier(resource("first-wave.cdcc"));
        assertEquals(ClassifierSpec.legacyCloud(ClassifierSpec.Normalization.BATCH), saved.classifier().spec());
        assertEquals(ClassNames.numbered(saved.classes()), saved.classNames());
        saved.classifier().eval();
        try (NoGradGuard noGrad = new NoGradGuard()) {
            float[] logits = Tensors.toFloats(saved.classifier().forward(input()));
            assertArrayEquals(floats(recorded().get("logits")), logits, 1e-5f, Arrays.toString(logits));
        }
    }
}
