package dev.cdc.training.pipeline;

import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.data.ClassNames;
import dev.cdc.core.shard.DecoderMatch;
import dev.cdc.core.shard.ModelFingerprint;
import dev.cdc.core.shard.ShardFormatException;
import dev.cdc.core.shard.ShardHeader;
import dev.cdc.core.shard.ShardReader;
import dev.cdc.training.ComputeDevice;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.model.Tensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * The cloud's job: shards back to images. Every shard must come from this model's encoder and
 * bit width; a damaged shard gives its complete chunks and a warning.
 */
public final class ShardDecoder {
    private static final int BATCH = 512;
    private ShardDecoder() {
    }

    /** Decoded images and their labels, with the bytes they took on the wire. */
    public record Decoded(TrainingImages images, long records, long shardBytes, List<String> warnings) {
    }

    public static Decoded decode(CdcModel model, List<Path> shards, Consumer<String> warn) throws IOException {
        return decode(List.of(model), shards, warn);
    }

    /**
     * Decodes each shard with the model whose encoder wrote it (found by fingerprint), so that
     * chunks a bundle's edges sent at different k decode together.
     */
    public static Decoded decode(List<CdcModel> models, List<Path> shards, Consumer<String> warn) throws IOException {
        return decode(models, shards, warn, false);
    }

    /**
     * As above; with {@code skipBad}, a shard or chunk the cloud cannot read (a bad label, no
     * decoder for it) is left out with a warning instead of stopping the whole decode.
     */
    public static Decoded decode(List<CdcModel> models, List<Path> shards, Consumer<String> warn, boolean skipBad)
            throws IOException {
        ModelConfig config = models.get(0).config();
        List<float[]> pieces = new ArrayList<>();
        List<int[]> labelPieces = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        long records = 0;
        long bytes = 0;
        int classes = 0;
        models.forEach(m -> m.decoder().eval());
        for (Path file : shards) {
            try (ShardReader reader = ShardReader.open(file)) {
                if (skipBad) {
                    String problem = problem(file, reader, models);
                    if (problem != null) {
                        String message = "skipped " + file + ": " + problem;
                        warnings.add(message);
                        warn.accept(message);
                        continue;
                    }
                }
                ShardHeader header = reader.header();
                CdcModel model = modelFor(file, header, models);
                check(file, header, model.config(), model.fingerprint());
                reader.useCodeTables(model.codeTables()); // a rANS shard decodes with its model's tables
                classes = Math.max(classes, header.classCount());
                bytes += reader.validLength();
                reader.damage().ifPresent(d -> {
                    String message = file + ": " + d.message() + "; using the " + reader.recordCount()
                            + " records of its complete chunks";
                    warnings.add(message);
                    warn.accept(message);
                });
                FastCodec codec = new FastCodec(header.codec());
                int n = header.elementsPerRecord();
                for (int c = 0; c < reader.chunks().size(); c++) {
                    ShardReader.Chunk chunk = reader.readChunk(c);
                    float[] latent = new float[chunk.records() * n];
                    codec.decodeRecords(chunk.codes(), chunk.records(), n, latent);
                    pieces.add(decodeLatent(model, latent, chunk.records()));
                    labelPieces.add(chunk.labels());
                    records += chunk.records();
                }
            }
        }
        if (records > Integer.MAX_VALUE / config.shape().pixels()) {
            throw new IOException("the shards hold " + records + " records: too many to decode into memory at once");
        }
        float[] pixels = new float[(int) records * config.shape().pixels()];
        int[] labels = new int[(int) records];
        int at = 0;
        int atLabel = 0;
        for (int i = 0; i < pieces.size(); i++) {
            System.arraycopy(pieces.get(i), 0, pixels, at, pieces.get(i).length);
            at += pieces.get(i).length;
            System.arraycopy(labelPieces.get(i), 0, labels, atLabel, labelPieces.get(i).length);
            atLabel += labelPieces.get(i).length;
        }
        // The model's names, unless the shards hold more classes than it was trained on.
        List<String> names = classes <= config.classes() ? config.classNames() : ClassNames.numbered(classes);
        return new Decoded(TrainingImages.of(config.shape(), pixels, labels, names),
                records, bytes, warnings);
    }

    /** Why the cloud could not use this shard, or null: every chunk is read and checked first. */
    private static String problem(Path file, ShardReader reader, List<CdcModel> models) throws IOException {
        try {
            CdcModel model = modelFor(file, reader.header(), models);
            check(file, reader.header(), model.config(), model.fingerprint());
            reader.useCodeTables(model.codeTables());
            for (int c = 0; c < reader.chunks().size(); c++) {
                reader.readChunk(c);
            }
            return null;
        } catch (ShardFormatException e) {
            return e.getMessage();
        }
    }

    private static CdcModel modelFor(Path file, ShardHeader header, List<CdcModel> models) throws ShardFormatException {
        for (CdcModel model : models) {
            if (model.fingerprint().equals(header.fingerprint())) {
                return model;
            }
        }
        if (models.size() == 1) {
            return models.get(0); // the check below says how the shard and the model differ
        }
        throw new ShardFormatException(file, "codes come from encoder " + header.fingerprint()
                + ", which is none of the bundle's pairs: the bundle has no decoder for the shard");
    }

    private static void check(Path file, ShardHeader header, ModelConfig config, ModelFingerprint fingerprint)
            throws ShardFormatException {
        Optional<DecoderMatch.Mismatch> mismatch = new DecoderMatch(fingerprint, config.bits(), config.latentShape()).check(header);
        if (mismatch.isPresent()) {
            throw new ShardFormatException(file, mismatch.get().message());
        }
    }

    public static float[] decodeLatent(CdcModel model, float[] latent, int records) {
        int[] shape = model.config().latentShape();
        int n = model.config().latentElements();
        int pixels = model.config().shape().pixels();
        float[] images = new float[records * pixels];
        ComputeDevice device = model.device();
        for (int start = 0; start < records; start += BATCH) {
            int count = Math.min(BATCH, records - start);
            try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
                float[] slice = Arrays.copyOfRange(latent, start * n, (start + count) * n);
                Tensor input = device.place(Tensor.create(slice, count, shape[0], shape[1], shape[2]));
                float[] decoded = Tensors.toFloats(model.decoder().forward(input));
                System.arraycopy(decoded, 0, images, start * pixels, decoded.length);
            }
        }
        return images;
    }
}
