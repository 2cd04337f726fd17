package dev.cdc.cli;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.data.DatasetSource;
import dev.cdc.core.data.ImageSet;
import dev.cdc.core.shard.LabelEncoding;
import dev.cdc.core.shard.ModelFingerprint;
import dev.cdc.core.shard.ShardHeader;
import dev.cdc.core.shard.ShardReader;
import dev.cdc.core.shard.ShardWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cdc codec roundtrip}: real images through the codec and a real {@code .cdc} shard and
 * back, with the bytes it took and the error it made. The "encoder" is the identity on pixels
 * scaled to [0, 1], so this measures the codec and container alone, before any model.
 */
@Command(name = "roundtrip", mixinStandardHelpOptions = true,
        description = "Encode real images (pixels scaled to [0,1]) at k bits into a .cdc shard, read it back, decode, "
                + "and print raw bytes, shard bytes (headers included) and the reconstruction error.")
public final class RoundTripCommand implements Callable<Integer> {
    static final int CHUNK_RECORDS = 1000;
    @Spec
    CommandSpec spec;
    @Mixin
    DataOptions data;
    @Mixin
    JsonOutput json;
    @Mixin
    DatasetOption datasetOption;
    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
            description = "train or test (default: ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--images", defaultValue = "10000", paramLabel = "N",
            description = "How many images, from the start (default: ${DEFAULT-VALUE}).")
    int images;
    @Option(names = "--bits", defaultValue = "4", paramLabel = "K",
            description = "Bits per pixel code, 1..8 (default: ${DEFAULT-VALUE}).")
    int bits;
    @Option(names = "--out", paramLabel = "FILE",
            description = "Where the shard goes (default: cdc-out/DATASET-SPLIT-kK.cdc); replaced if present.")
    Path out;

    /** What the round trip measured. */
    public record RoundTrip(String dataset, String split, int images, int bits, String shard, long rawBytes,
            long shardBytes, double bytesPerImage, double ratio, double maxAbsError, double halfStep, double psnrDb) {
    }

    @Override
    public Integer call() throws IOException {
        DatasetSource source = datasetOption.source();
        CodecSpec codec = CodecSpec.fixed(bits, 0f, 1f);
        ImageSet set = DatasetSplit.read(data.directory(), source, split, images, spec);
        Path shard = out != null ? out : Path.of("cdc-out", source.label() + "-" + split + "-k" + bits + ".cdc");
        int n = set.imageSize();
        float[] original = new float[set.count() * n];
        for (int i = 0; i < set.count(); i++) {
            set.copyScaled(i, original, i * n);
        }
        writeShard(shard, set, codec, original);
        float[] decoded = readShard(shard, codec, set.count() * n);

        double maxError = 0;
        double squared = 0;
        for (int i = 0; i < original.length; i++) {
            double e = Math.abs((double) decoded[i] - original[i]);
            maxError = Math.max(maxError, e);
            squared += e * e;
        }
        double mse = squared / original.length;
        double halfStep = 0.5 / ((1 << bits) - 1);
        long rawBytes = (long) set.count() * n;
        long shardBytes = Files.size(shard);
        RoundTrip result = new RoundTrip(source.label(), split, set.count(), bits, shard.toString(), rawBytes, shardBytes,
                (double) shardBytes / set.count(), (double) rawBytes / shardBytes, maxError, halfStep,
                mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1.0 / mse));
        print(result);
        if (maxError > halfStep * (1 + 1e-5)) {
            spec.commandLine().getErr().printf("cdc codec roundtrip: maximum error %.6f exceeds half a step (%.6f): the codec is broken%n",
                    maxError, halfStep);
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    private void writeShard(Path shard, ImageSet set, CodecSpec codec, float[] original) throws IOException {
        int n = set.imageSize();
        ShardHeader header = new ShardHeader(identityFingerprint(set), codec, new int[] {set.channels(), set.height(), set.width()},
                LabelEncoding.forClasses(set.classes().size()), set.classes().size(), datasetOption.source().label() + "/" + split);
        FastCodec fast = new FastCodec(codec);
        ShardWriter.writeComplete(shard, header, writer -> {
            for (int first = 0; first < set.count(); first += CHUNK_RECORDS) {
                int count = Math.min(CHUNK_RECORDS, set.count() - first);
                byte[] codes = new byte[count * header.recordBytes()];
                float[] slice = Arrays.copyOfRange(original, first * n, (first + count) * n);
                fast.encodeRecords(slice, count, n, codes);
                writer.append(Arrays.copyOfRange(set.labels(), first, first + count), codes);
            }
        });
    }

    private float[] readShard(Path shard, CodecSpec codec, int elements) throws IOException {
        float[] decoded = new float[elements];
        try (ShardReader reader = ShardReader.open(shard)) {
            ShardHeader header = reader.header();
            int n = header.elementsPerRecord();
            FastCodec fast = new FastCodec(codec);
            int at = 0;
            for (int c = 0; c < reader.chunks().size(); c++) {
                ShardReader.Chunk chunk = reader.readChunk(c);
                float[] values = new float[chunk.records() * n];
                fast.decodeRecords(chunk.codes(), chunk.records(), n, values);
                System.arraycopy(values, 0, decoded, at, values.length);
                at += values.length;
            }
            if (at != elements) {
                throw new IOException(shard + ": read back " + at / n + " records, wrote " + elements / n);
            }
        }
        return decoded;
    }

    /** The identity "encoder" of a pixel shape; a trained model has its own fingerprint. */
    static ModelFingerprint identityFingerprint(ImageSet set) {
        return ModelFingerprint.sha256("cdc identity encoder " + set.channels() + "x" + set.height() + "x" + set.width());
    }

    private void print(RoundTrip r) {
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(out, r);
            return;
        }
        out.printf("%s/%s, %d images, k=%d, fixed range [0, 1] on pixels/255%n", r.dataset(), r.split(), r.images(), r.bits());
        out.printf("  raw 8-bit pixels   %,12d bytes%n", r.rawBytes());
        out.printf("  .cdc shard         %,12d bytes (%.1f bytes per image, headers included), %s%n", r.shardBytes(),
                r.bytesPerImage(), r.shard());
        out.printf("  ratio              %12.2fx smaller than raw%n", r.ratio());
        out.printf("  max |error|        %12.6f (half a step: %.6f)%n", r.maxAbsError(), r.halfStep());
        out.printf("  PSNR               %12.2f dB%n", r.psnrDb());
        out.flush();
    }
}
