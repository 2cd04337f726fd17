package dev.cdc.training.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cdc.core.CdcFormatException;
import dev.cdc.core.data.ClassNames;
import dev.cdc.core.entropy.CodeTables;
import dev.cdc.core.modelfile.ModelCodeTables;
import dev.cdc.core.modelfile.ModelFormatException;
import dev.cdc.core.modelfile.ZipEntries;
import dev.cdc.core.shard.ModelFingerprint;
import dev.cdc.core.text.Printable;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.Classifier;
import dev.cdc.training.model.ClassifierSpec;
import dev.cdc.training.model.ImageShape;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.model.ParameterFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Module;

/**
 * Saves and loads autoencoders ({@code .cdcm}) and classifiers ({@code .cdcc}) with their
 * provenance: a zip of {@code model.json} (format, kind, configuration, fingerprint, provenance,
 * training state), one parameter file per module, and, in checkpoints, the optimizer state.
 * Loading recomputes the fingerprint from the loaded weights and refuses a mismatch.
 */
public final class ModelStore {
    static final String FORMAT = "cdc-model";
    static final int VERSION = 1;
    /** The entropy coder's tables (docs/entropy-coding.md), in models fitted since they exist. */
    static final String CODE_TABLES = ModelCodeTables.ENTRY;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelStore() {
    }

    /** A loaded autoencoder and what its file said about it. */
    public record SavedModel(CdcModel model, Provenance provenance, TrainingState state, byte[] optimizerState) {
    }

    /** A loaded classifier. */
    public record SavedClassifier(Classifier classifier, ImageShape shape, List<String> classNames, Provenance provenance,
            Map<String, Object> metrics) {
        public int classes() {
            return classNames.size();
        }
    }

    public static void saveModel(Path file, CdcModel model, Provenance provenance, TrainingState state,
            byte[] optimizerState) throws IOException {
        ObjectNode json = header("autoencoder", provenance);
        ModelConfig c = model.config();
        ObjectNode config = json.putObject("config");
        putShape(config, c.shape());
        putClasses(config, c.classNames());
        config.put("latentChannels", c.latentChannels());
        config.put("width", c.width());
        config.put("bits", c.bits());
        config.set("guide", specJson(model.guidance().spec()));
        json.put("fingerprint", model.fingerprint().toString());
        json.set("state", MAPPER.valueToTree(state));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("model.json", MAPPER.writeValueAsBytes(json));
        entries.put("encoder.bin", ParameterFile.write(model.encoder()));
        entries.put("decoder.bin", ParameterFile.write(model.decoder()));
        entries.put("guidance.bin", ParameterFile.write(model.guidance()));
        if (model.codeTables() != null) {
            entries.put(CODE_TABLES, model.codeTables().toBytes());
        }
        if (optimizerState != null) {
            entries.put("optimizer.pt", optimizerState);
        }
        ZipEntries.write(file, entries);
    }

    public static SavedModel loadModel(Path file) throws IOException {
        try (ZipEntries entries = ZipEntries.open(file)) {
            JsonNode json = readHeader(file, entries, "autoencoder");
            JsonNode c = json.get("config");
            ModelConfig config;
            ClassifierSpec guide;
            try {
                config = new ModelConfig(shape(c), classNames(c), c.get("latentChannels").asInt(),
                        c.get("width").asInt(), c.get("bits").asInt());
                // Files from before the guide's shape was recorded hold the first wave's guide.
                guide = c.has("guide") ? spec(c.get("guide")) : ClassifierSpec.legacyGuide();
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ModelFormatException(file, "model.json has an invalid configuration: "
                        + Printable.of(String.valueOf(e.getMessage())));
            }
            ModelLimits.checkAutoencoder(file, config, guide);
            CdcModel model = CdcModel.create(config, guide, 0);
            read(file, entries, "encoder.bin", model.encoder());
            read(file, entries, "decoder.bin", model.decoder());
            read(file, entries, "guidance.bin", model.guidance());
            model.useCodeTables(codeTables(file, entries, config));
            String stored = text(file, json, "fingerprint");
            ModelFingerprint actual = model.fingerprint();
            if (!actual.toString().equals(stored)) {
                throw new ModelFormatException(file, "weights do not match the stored fingerprint " + Printable.of(stored, 64)
                        + " (computed " + actual + "): the file is corrupt");
            }
            TrainingState state = value(file, json, "state", TrainingState.class);
            // Adam keeps two moments per weight and a step count: a little over twice the weights.
            long weights = ParameterFile.size(model.encoder()) + ParameterFile.size(model.decoder())
                    + ParameterFile.size(model.guidance());
            byte[] optimizer = entries.read("optimizer.pt", 4 * weights + (1 << 20));
            return new SavedModel(model, provenance(file, json), state, optimizer);
        }
    }

    public static void saveClassifier(Path file, Classifier classifier, ImageShape shape, List<String> classNames,
            Provenance provenance, Map<String, Object> metrics) throws IOException {
        ObjectNode json = header("classifier", provenance);
        ObjectNode config = json.putObject("config");
        putShape(config, shape);
        putClasses(config, classNames);
        config.setAll(specJson(classifier.spec()));
        json.set("metrics", MAPPER.valueToTree(metrics));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("model.json", MAPPER.writeValueAsBytes(json));
        entries.put("classifier.bin", ParameterFile.write(classifier));
        ZipEntries.write(file, entries);
    }

    public static SavedClassifier loadClassifier(Path file) throws IOException {
        try (ZipEntries entries = ZipEntries.open(file)) {
            JsonNode json = readHeader(file, entries, "classifier");
            ImageShape shape;
            List<String> classNames;
            ClassifierSpec spec;
            try {
                JsonNode config = json.get("config");
                shape = shape(config);
                classNames = classNames(config);
                // Files from before the head was recorded hold the first wave's pooled classifier,
                // and those from before the normalisation was a choice, batch norm.
                spec = config.has("head") ? spec(config) : ClassifierSpec.legacyCloud(
                        ClassifierSpec.Normalization.fromId(config.path("normalization").asText("batch")));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ModelFormatException(file, "model.json has an invalid configuration: "
                        + Printable.of(String.valueOf(e.getMessage())));
            }
            ModelLimits.checkClassifier(file, spec, shape, classNames.size());
            Classifier classifier = new Classifier(spec, shape, classNames.size());
            read(file, entries, "classifier.bin", classifier);
            @SuppressWarnings("unchecked")
            Map<String, Object> metrics = json.hasNonNull("metrics") ? value(file, json, "metrics", Map.class) : Map.of();
            return new SavedClassifier(classifier, shape, classNames, provenance(file, json), metrics);
        }
    }

    private static ObjectNode header(String kind, Provenance provenance) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("format", FORMAT);
        json.put("version", VERSION);
        json.put("kind", kind);
        json.set("provenance", MAPPER.valueToTree(provenance));
        return json;
    }

    /** model.json is a few kilobytes; a megabyte is far more than any cdc writes. */
    private static final int MAX_MODEL_JSON = 1 << 20;

    private static JsonNode readHeader(Path file, ZipEntries entries, String kind) throws IOException {
        byte[] raw = entries.read("model.json", MAX_MODEL_JSON);
        if (raw == null) {
            throw new ModelFormatException(file, "not a cdc model file: no model.json inside");
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(new String(raw, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelFormatException(file, "model.json is not valid JSON: " + Printable.of(String.valueOf(e.getMessage())));
        }
        if (!FORMAT.equals(json.path("format").asText())) {
            throw new ModelFormatException(file, "not a cdc model file: format is '" + Printable.of(json.path("format").asText())
                    + "'");
        }
        if (json.path("version").asInt() != VERSION) {
            throw new ModelFormatException(file, "model format version " + json.path("version").asInt()
                    + " is unknown: this cdc reads version " + VERSION);
        }
        if (!kind.equals(json.path("kind").asText())) {
            throw new ModelFormatException(file, "is a " + Printable.of(json.path("kind").asText()) + ", expected a " + kind);
        }
        return json;
    }

    /** The entropy coder's tables, when the file has them ({@link ModelCodeTables}). */
    private static CodeTables codeTables(Path file, ZipEntries entries, ModelConfig config) throws IOException {
        return ModelCodeTables.read(file, entries, config.latentElements(), config.bits());
    }

    private static void read(Path file, ZipEntries entries, String name, Module module) throws IOException {
        byte[] content = entries.read(name, ParameterFile.size(module));
        if (content == null) {
            throw new ModelFormatException(file, "corrupt model file: entry " + name + " is missing");
        }
        ParameterFile.read(module, content, file, name);
    }

    private static void putClasses(ObjectNode config, List<String> classNames) {
        config.put("classes", classNames.size());
        classNames.forEach(config.putArray("classNames")::add);
    }

    /** The configuration's class names; files from before names were kept number them. */
    private static List<String> classNames(JsonNode config) {
        return ClassNames.fromJson(config.get("classNames"), config.get("classes").asInt());
    }

    private static ObjectNode specJson(ClassifierSpec spec) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("classifierWidth", spec.width());
        node.put("hiddenUnits", spec.hiddenUnits());
        node.put("dropout", spec.dropout());
        node.put("normalization", spec.normalization().id());
        node.put("head", spec.head().id());
        return node;
    }

    private static ClassifierSpec spec(JsonNode node) {
        return new ClassifierSpec(node.get("classifierWidth").asInt(), node.get("hiddenUnits").asInt(),
                node.get("dropout").asDouble(), ClassifierSpec.Normalization.fromId(node.get("normalization").asText()),
                ClassifierSpec.Head.fromId(node.get("head").asText()));
    }

    private static void putShape(ObjectNode config, ImageShape shape) {
        config.put("channels", shape.channels());
        config.put("height", shape.height());
        config.put("imageWidth", shape.width());
    }

    private static ImageShape shape(JsonNode config) {
        return new ImageShape(config.get("channels").asInt(), config.get("height").asInt(), config.get("imageWidth").asInt());
    }

    private static String text(Path file, JsonNode json, String field) throws ModelFormatException {
        JsonNode node = json.get(field);
        if (node == null || !node.isTextual()) {
            throw new ModelFormatException(file, "model.json has no " + field);
        }
        return node.asText();
    }

    private static Provenance provenance(Path file, JsonNode json) throws ModelFormatException {
        return value(file, json, "provenance", Provenance.class);
    }

    /** A field of model.json as a typed value; a file that does not fit is refused in one printable line. */
    private static <T> T value(Path file, JsonNode json, String field, Class<T> type) throws ModelFormatException {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw new ModelFormatException(file, "model.json has no " + field);
        }
        try {
            return MAPPER.treeToValue(node, type);
        } catch (IOException | IllegalArgumentException e) {
            String reason = e instanceof JsonProcessingException parsing ? parsing.getOriginalMessage() : e.getMessage();
            throw new ModelFormatException(file, "model.json has an invalid " + field + ": " + Printable.of(String.valueOf(reason)));
        }
    }
}
