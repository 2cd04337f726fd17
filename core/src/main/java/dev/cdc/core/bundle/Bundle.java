package dev.cdc.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.RangeMode;
import dev.cdc.core.data.ClassNames;
import dev.cdc.core.io.AtomicFiles;
import dev.cdc.core.shard.ModelFingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A model bundle: a directory with one fine-tuned encoder/decoder pair per bit width and a
 * {@code bundle.json} manifest naming each pair's k, fingerprint, codec, file and provenance.
 * Edges pick a pair per chunk from it; the cloud decodes each chunk with the pair whose
 * fingerprint the chunk carries. The manifest is plain JSON so that the ingest service can
 * check uploads against it without loading any model.
 *
 * @param directory   where the bundle lies
 * @param imageShape  channels, height, width of the images every pair takes
 * @param classNames  names of the classes of the data set the pairs were trained on, by label
 * @param latentShape shape of one record's latent, the same for every pair
 * @param pairs       one pair per width, ordered by k
 */
public record Bundle(Path directory, int[] imageShape, List<String> classNames, int[] latentShape, List<BundlePair> pairs) {
    public static final String MANIFEST = "bundle.json";
    static final String FORMAT = "cdc-bundle";
    static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Bundle {
        classNames = ClassNames.checked(classNames);
        imageShape = imageShape.clone();
        latentShape = latentShape.clone();
        List<BundlePair> sorted = new ArrayList<>(pairs);
        sorted.sort(Comparator.comparingInt(BundlePair::bits));
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("a bundle needs at least one encoder/decoder pair");
        }
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).bits() == sorted.get(i - 1).bits()) {
                throw new IllegalArgumentException("two pairs for k=" + sorted.get(i).bits() + ": expected one pair per width");
            }
            if (sorted.get(i).fingerprint().equals(sorted.get(i - 1).fingerprint())) {
                throw new IllegalArgumentException("two pairs share fingerprint " + sorted.get(i).fingerprint());
            }
        }
        pairs = List.copyOf(sorted);
    }

    @Override
    public int[] imageShape() {
        return imageShape.clone();
    }

    @Override
    public int[] latentShape() {
        return latentShape.clone();
    }

    /** The widths this bundle can encode and decode, ascending. */
    public int[] widths() {
        return pairs.stream().mapToInt(BundlePair::bits).toArray();
    }

    /** A bundle whose classes are known by number only. */
    public Bundle(Path directory, int[] imageShape, int classes, int[] latentShape, List<BundlePair> pairs) {
        this(directory, imageShape, ClassNames.numbered(classes), latentShape, pairs);
    }

    /** How many classes the pairs were trained on. */
    public int classes() {
        return classNames.size();
    }

    public Optional<BundlePair> pair(int bits) {
        return pairs.stream().filter(p -> p.bits() == bits).findFirst();
    }

    public Optional<BundlePair> pair(ModelFingerprint fingerprint) {
        return pairs.stream().filter(p -> p.fingerprint().equals(fingerprint)).findFirst();
    }

    /** The model file of a pair. */
    public Path file(BundlePair pair) {
        return directory.resolve(pair.file());
    }

    /** Writes {@code bundle.json} into {@link #directory()} (atomically). */
    public void writeManifest() throws IOException {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("format", FORMAT);
        json.put("version", VERSION);
        ints(json.putArray("imageShape"), imageShape);
        json.put("classes", classes());
        classNames.forEach(json.putArray("classNames")::add);
        ints(json.putArray("latentShape"), latentShape);
        ArrayNode list = json.putArray("pairs");
        for (BundlePair pair : pairs) {
            ObjectNode p = list.addObject();
            p.put("bits", pair.bits());
            p.put("fingerprint", pair.fingerprint().toString());
            p.put("file", pair.file());
            ObjectNode codec = p.putObject("codec");
            codec.put("mode", pair.codec().mode().name().toLowerCase(Locale.ROOT));
            codec.put("lo", pair.codec().lo());
            codec.put("hi", pair.codec().hi());
            codec.put("blockSize", pair.codec().blockSize());
            p.set("provenance", MAPPER.valueToTree(pair.provenance()));
        }
        AtomicFiles.write(directory.resolve(MANIFEST), MAPPER.writeValueAsBytes(json));
    }

    /** Reads the manifest of the bundle in {@code directory}; model files are not opened. */
    public static Bundle read(Path directory) throws IOException {
        Path manifest = directory.resolve(MANIFEST);
        if (!Files.isDirectory(directory)) {
            throw new BundleFormatException(directory, "not a directory: expected a model bundle made by `cdc bundle create`");
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(Files.readAllBytes(manifest));
        } catch (NoSuchFileException e) {
            throw new BundleFormatException(directory, "has no " + MANIFEST + ": expected a model bundle made by `cdc bundle create`");
        } catch (JsonProcessingException e) {
            throw new BundleFormatException(manifest, "is not valid JSON: " + e.getOriginalMessage());
        }
        if (json == null || !FORMAT.equals(json.path("format").asText()) || json.path("version").asInt() != VERSION) {
            throw new BundleFormatException(manifest, "expected format \"" + FORMAT + "\" version " + VERSION);
        }
        try {
            List<BundlePair> pairs = new ArrayList<>();
            for (JsonNode p : required(json, "pairs")) {
                pairs.add(pair(directory, p));
            }
            int classes = required(json, "classes").asInt();
            // Manifests from before class names were kept number them.
            List<String> names = ClassNames.fromJson(json.get("classNames"), classes);
            return new Bundle(directory, ints(required(json, "imageShape")), names, ints(required(json, "latentShape")), pairs);
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException(manifest, e.getMessage());
        }
    }

    private static BundlePair pair(Path directory, JsonNode p) {
        int bits = required(p, "bits").asInt();
        JsonNode c = required(p, "codec");
        RangeMode mode = RangeMode.valueOf(required(c, "mode").asText().toUpperCase(Locale.ROOT));
        CodecSpec codec = new CodecSpec(bits, mode, (float) required(c, "lo").asDouble(), (float) required(c, "hi").asDouble(),
                required(c, "blockSize").asInt());
        String file = required(p, "file").asText();
        Path resolved = directory.resolve(file).normalize();
        if (!resolved.startsWith(directory.normalize()) || file.contains("/") || file.contains("\\")) {
            throw new IllegalArgumentException("pair file '" + file + "' must be a plain file name inside the bundle");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> provenance = MAPPER.convertValue(p.path("provenance"), Map.class);
        return new BundlePair(bits, ModelFingerprint.parse(required(p, "fingerprint").asText()), file, codec,
                provenance == null ? Map.of() : provenance);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("field \"" + field + "\" is missing");
        }
        return value;
    }

    private static int[] ints(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("expected an array of integers, got " + array);
        }
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    private static void ints(ArrayNode array, int[] values) {
        Arrays.stream(values).forEach(array::add);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bundle that && directory.equals(that.directory) && Arrays.equals(imageShape, that.imageShape)
                && classNames.equals(that.classNames) && Arrays.equals(latentShape, that.latentShape) && pairs.equals(that.pairs);
    }

    @Override
    public int hashCode() {
        return directory.hashCode() * 31 + pairs.hashCode();
    }
}
