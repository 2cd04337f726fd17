package dev.cdc.core.modelfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.data.ClassNames;
import dev.cdc.core.entropy.CodeTables;
import dev.cdc.core.shard.ModelFingerprint;
import dev.cdc.core.text.Printable;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The edge's half of a {@code .cdcm}, read without LibTorch: the image and latent shapes, k, the
 * encoder's tensors by name, and the model's fingerprint, recomputed from the raw entries exactly
 * as the training module computes it (docs/model-files.md) and checked against the stored one, so
 * shards from this encoder carry the fingerprint the cloud expects.
 *
 * @param channels       image channels
 * @param height         image height
 * @param width          image width
 * @param latentChannels channels of the latent
 * @param convWidth      channels of the encoder's widest convolution
 * @param bits           k
 * @param classNames     the classes the model was trained on, by label
 * @param tensors        the encoder's parameters and buffers by name, with their shapes
 * @param fingerprint    the model's fingerprint, as shards carry it
 * @param codeTables     the entropy coder's tables ({@code --codec rans}); null for a model from before them
 */
public record EncoderFile(int channels, int height, int width, int latentChannels, int convWidth, int bits,
        List<String> classNames, Map<String, Tensor> tensors, ModelFingerprint fingerprint, CodeTables codeTables) {
    /** Bounds on what the file may claim before anything is allocated (docs/model-files.md). */
    private static final int MAX_SIDE = 4096;
    private static final int MAX_CONV_WIDTH = 1024;
    private static final int MAX_LATENT_CHANNELS = 64;
    private static final int MAX_JSON = 1 << 20;
    private static final int MAGIC = 0x50434443; // "CDCP"
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A tensor as stored: shape and float32 values in C order. */
    public record Tensor(int[] shape, float[] values) {
    }

    /** The latent is {@code latentChannels x ceil(H/4) x ceil(W/4)}. */
    public int latentHeight() {
        return (height + 3) / 4;
    }

    public int latentWidth() {
        return (width + 3) / 4;
    }

    public int latentElements() {
        return latentChannels * latentHeight() * latentWidth();
    }

    /** The codec of the model's latent: k bits over the sigmoid's fixed range [0, 1]. */
    public CodecSpec codec() {
        return CodecSpec.fixed(bits, 0f, 1f);
    }

    /** The tensor called {@code name}, of {@code shape}; a format error naming both otherwise. */
    public Tensor tensor(Path file, String name, int... shape) throws ModelFormatException {
        Tensor tensor = tensors.get(name);
        if (tensor == null || !java.util.Arrays.equals(tensor.shape(), shape)) {
            throw new ModelFormatException(file, "encoder.bin has " + (tensor == null ? "no " + name
                    : name + java.util.Arrays.toString(tensor.shape())) + ": the encoder expects " + name
                    + java.util.Arrays.toString(shape));
        }
        return tensor;
    }

    /**
     * Reads and checks an autoencoder file.
     *
     * @throws ModelFormatException naming the file and what was wrong: not a model, sizes beyond the
     *                              bounds, an entry cut short, or weights that do not match the fingerprint
     */
    public static EncoderFile read(Path file) throws IOException {
        try (ZipEntries entries = ZipEntries.open(file)) {
            byte[] rawJson = entries.read("model.json", MAX_JSON);
            if (rawJson == null) {
                throw new ModelFormatException(file, "not a cdc model file: no model.json inside");
            }
            JsonNode json;
            try {
                json = MAPPER.readTree(new String(rawJson, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ModelFormatException(file, "model.json is not valid JSON");
            }
            if (!"cdc-model".equals(json.path("format").asText()) || !"autoencoder".equals(json.path("kind").asText())) {
                throw new ModelFormatException(file, "not a cdc autoencoder: format '" + Printable.of(json.path("format").asText())
                        + "', kind '" + Printable.of(json.path("kind").asText()) + "'");
            }
            JsonNode c = json.path("config");
            int channels = bounded(file, c, "channels", 1, 4);
            int height = bounded(file, c, "height", 4, MAX_SIDE);
            int width = bounded(file, c, "imageWidth", 4, MAX_SIDE);
            int classes = bounded(file, c, "classes", 2, 65536);
            int latentChannels = bounded(file, c, "latentChannels", 1, MAX_LATENT_CHANNELS);
            int convWidth = bounded(file, c, "width", 4, MAX_CONV_WIDTH);
            int bits = bounded(file, c, "bits", 1, 8);
            // Every tensor of the encoder is at most width x width x 4 x 4 floats; eight convolutions and norms in all.
            long maxEncoder = 8 + 16L * (64 + 4L * ((long) convWidth * convWidth * 16 + 4L * convWidth));
            byte[] encoder = entries.read("encoder.bin", maxEncoder);
            byte[] decoder = entries.read("decoder.bin", 4 * maxEncoder + (1 << 16));
            if (encoder == null || decoder == null) {
                throw new ModelFormatException(file, "corrupt model file: encoder.bin or decoder.bin is missing");
            }
            int latentElements = latentChannels * ((height + 3) / 4) * ((width + 3) / 4);
            CodeTables tables = ModelCodeTables.read(file, entries, latentElements, bits);
            ModelFingerprint computed = AutoencoderFingerprint.of(AutoencoderFingerprint.configText(channels, height, width, classes,
                    latentChannels, convWidth, bits), encoder, decoder, tables == null ? null : tables.toBytes());
            String stored = json.path("fingerprint").asText();
            if (!computed.toString().equals(stored)) {
                throw new ModelFormatException(file, "weights do not match the stored fingerprint " + Printable.of(stored, 64)
                        + " (computed " + computed + "): the file is corrupt");
            }
            return new EncoderFile(channels, height, width, latentChannels, convWidth, bits, classNames(file, c, classes),
                    tensors(file, encoder), computed, tables);
        }
    }

    private static int bounded(Path file, JsonNode config, String field, int min, int max) throws ModelFormatException {
        JsonNode value = config.get(field);
        if (value == null || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            throw new ModelFormatException(file, "model.json's " + field + " is " + Printable.of(String.valueOf(value))
                    + ": expected " + min + ".." + max);
        }
        return value.asInt();
    }

    /** The configuration's class names ({@link ClassNames#fromJson}). */
    private static List<String> classNames(Path file, JsonNode config, int classes) throws ModelFormatException {
        try {
            return ClassNames.fromJson(config.get("classNames"), classes);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, "model.json: " + e.getMessage());
        }
    }

    /** The tensors of a parameter file (docs/model-files.md), every size checked against what is left. */
    private static Map<String, Tensor> tensors(Path file, byte[] content) throws ModelFormatException {
        ByteBuffer in = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try {
            if (in.getInt() != MAGIC) {
                throw new ModelFormatException(file, "encoder.bin is not a parameter file: expected magic CDCP");
            }
            int count = in.getInt();
            if (count < 0 || count > 64) {
                throw new ModelFormatException(file, "encoder.bin claims " + count + " tensors: expected at most 64");
            }
            for (int i = 0; i < count; i++) {
                byte[] name = new byte[in.getShort() & 0xFFFF];
                in.get(name);
                int rank = in.get();
                if (rank < 0 || rank > 4) {
                    throw new ModelFormatException(file, "encoder.bin: tensor " + i + " has rank " + rank + ": expected 0..4");
                }
                int[] shape = new int[rank];
                long elements = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.getInt();
                    elements *= shape[d];
                    if (shape[d] < 0 || elements * 4 > in.remaining()) {
                        throw new ModelFormatException(file, "encoder.bin: tensor " + i + " claims more values than the file holds");
                    }
                }
                float[] values = new float[(int) elements];
                in.asFloatBuffer().get(values);
                in.position(in.position() + 4 * values.length);
                tensors.put(new String(name, StandardCharsets.UTF_8), new Tensor(shape, values));
            }
        } catch (BufferUnderflowException e) {
            throw new ModelFormatException(file, "encoder.bin is truncated");
        }
        return tensors;
    }
}
