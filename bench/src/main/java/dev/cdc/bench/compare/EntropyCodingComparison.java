package dev.cdc.bench.compare;

import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.entropy.CodeTables;
import dev.cdc.core.shard.EntropyCoding;
import dev.cdc.core.shard.LabelEncoding;
import dev.cdc.core.shard.ShardChunks;
import dev.cdc.core.shard.ShardHeader;
import dev.cdc.core.shard.ShardReader;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.pipeline.ChunkEncoder;
import dev.cdc.training.pipeline.ShardDecoder;
import java.nio.file.Path;

/**
 * What entropy coding costs the edge and the cloud, per image, against the networks' own work in
 * the same run: on the edge, a chunk's encoder forward and packing, then the extra time of making
 * the chunk rANS-coded instead of bit-packed; on the cloud, the extra time of reading a rANS chunk
 * back to records against the decoder network's forward pass over them. The goals: coding
 * adds at most a quarter of the encoder's time, and decoding is faster than the decoder.
 */
public final class EntropyCodingComparison {
    private EntropyCodingComparison() {
    }

    /**
     * Seconds per image of each step, and the bytes per image of each coding.
     *
     * @param encoderSeconds     encoder forward and packing (the edge's work without entropy coding)
     * @param packedChunkSeconds framing the packed records into a chunk
     * @param ransChunkSeconds   the same records rANS-coded into a chunk
     * @param packedReadSeconds  reading a packed chunk back to records
     * @param ransReadSeconds    reading a rANS chunk back to the same records
     * @param decoderSeconds     the decoder network on the records' latents
     */
    public record Result(int batch, int codesPerImage, double encoderSeconds, double packedChunkSeconds, double ransChunkSeconds,
            double packedReadSeconds, double ransReadSeconds, double decoderSeconds, double packedBytesPerImage,
            double ransBytesPerImage) {
        /** What rANS adds to the edge's work per image, over the encoder's own time (goal: at most 0.25). */
        public double addedEncodeOverEncoder() {
            return (ransChunkSeconds - packedChunkSeconds) / encoderSeconds;
        }

        /** What reading rANS costs the cloud per image, over the decoder network's time (goal: below 1). */
        public double ransReadOverDecoder() {
            return ransReadSeconds / decoderSeconds;
        }

        public double ransEncodeCodesPerSecond() {
            return codesPerImage / (ransChunkSeconds - packedChunkSeconds);
        }

        public double ransDecodeCodesPerSecond() {
            return codesPerImage / (ransReadSeconds - packedReadSeconds);
        }
    }

    /** Times one chunk of {@code batch} of {@code images} through {@code model}, whose code tables must be set. */
    public static Result run(CdcModel model, TrainingImages images, int batch, int rounds) throws Exception {
        CodeTables tables = model.codeTables();
        if (tables == null) {
            throw new IllegalArgumentException("the model has no code tables: fit them first");
        }
        int count = Math.min(batch, images.count());
        ChunkEncoder encoder = new ChunkEncoder(model, images);
        double encoderSeconds = Timing.medianSecondsPerCall(() -> encoder.encode(0, count), 2, rounds, 0.3) / count;
        ChunkEncoder.Records records = encoder.encode(0, count);
        ShardHeader packed = new ShardHeader(model.fingerprint(), model.config().codec(), model.config().latentShape(),
                LabelEncoding.forClasses(images.classes()), images.classes(), "bench");
        ShardHeader rans = packed.withCoding(EntropyCoding.forModel(EntropyCoding.Kind.RANS, tables));
        double packedChunk = Timing.medianSecondsPerCall(() -> ShardChunks.encode(packed, records.labels(), records.codes()),
                2, rounds, 0.3) / count;
        double ransChunk = Timing.medianSecondsPerCall(() -> ShardChunks.encode(rans, tables, records.labels(), records.codes()),
                2, rounds, 0.3) / count;
        byte[] packedFile = ShardChunks.singleChunkShard(packed, records.labels(), records.codes());
        byte[] ransFile = ShardChunks.singleChunkShard(rans, tables, records.labels(), records.codes());
        double packedRead = Timing.medianSecondsPerCall(() -> read(packedFile, tables), 2, rounds, 0.3) / count;
        double ransRead = Timing.medianSecondsPerCall(() -> read(ransFile, tables), 2, rounds, 0.3) / count;
        int n = model.config().latentElements();
        float[] latent = new float[count * n];
        new FastCodec(model.config().codec()).decodeRecords(records.codes(), count, n, latent);
        model.decoder().eval();
        double decoder = Timing.medianSecondsPerCall(() -> ShardDecoder.decodeLatent(model, latent, count), 2, rounds, 0.3) / count;
        return new Result(count, n, encoderSeconds, packedChunk, ransChunk, packedRead, ransRead, decoder,
                (double) packedFile.length / count, (double) ransFile.length / count);
    }

    private static void read(byte[] file, CodeTables tables) throws Exception {
        try (ShardReader reader = ShardReader.open(Path.of("bench.cdc"), file).useCodeTables(tables)) {
            reader.readChunk(0);
        }
    }
}
