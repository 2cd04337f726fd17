package dev.cdc.cli;

import dev.cdc.core.data.ImageSet;
import dev.cdc.core.edge.EdgeShardEncoder;
import dev.cdc.core.edge.JavaEncoder;
import dev.cdc.core.modelfile.EncoderFile;
import dev.cdc.core.shard.EntropyCoding;
import dev.cdc.training.ComputeDevice;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.pipeline.ShardEncoder;
import dev.cdc.training.store.ModelStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cdc encode}: the edge's job, images to a {@code .cdc} shard. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Encode images with a model's encoder, quantize-and-pack at its k, and write a .cdc shard. On "
                + "CPU the codec is the fast Java path; with --device cuda the encoder runs on the GPU and the "
                + "fused CUDA kernel packs the latents, with the same bytes.")
public final class EncodeCommand implements Callable<Integer>, LibTorchCommand {
    @Spec
    CommandSpec spec;
    @Mixin
    DataOptions data;
    @Mixin
    JsonOutput json;
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "The trained model (.cdcm).")
    Path modelFile;
    @Mixin
    DatasetOption datasetOption;
    @Option(names = "--split", defaultValue = "train", paramLabel = "SPLIT",
            description = "train or test (default: ${DEFAULT-VALUE}).")
    String split;
    @Mixin
    FirstImagesOption images;
    @Option(names = "--chunk", defaultValue = "256", paramLabel = "R",
            description = "Records per chunk (default: ${DEFAULT-VALUE}).")
    int chunk;
    @Option(names = "--out", required = true, paramLabel = "SHARD", description = "The .cdc shard to write (replaced if present).")
    Path out;
    @Mixin
    DeviceOption deviceOption;
    @Mixin
    BackendOption backend;
    @Mixin
    CodecOption codec;

    /** What {@code --json} prints. */
    public record EncodeReport(String shard, String fingerprint, int bits, String codec, int[] latentShape, int records, long bytes,
            double bytesPerImage, double ratio, double seconds) {
    }

    @Override
    public boolean usesLibTorch() {
        // An unknown name loads nothing either: call() reports it.
        return "libtorch".equals(backend.name);
    }

    @Override
    public Integer call() throws IOException {
        if (chunk < 1) {
            throw new UsageException("--chunk " + chunk + " is not valid: expected at least 1");
        }
        codec.check();
        if (backend.java()) {
            return encodeWithoutLibTorch();
        }
        ComputeDevice device = deviceOption.device();
        CdcModel model = ModelStore.loadModel(modelFile).model();
        EntropyCoding.Kind coding = codec.kind(model.codeTables() != null, modelFile.toString(), spec.commandLine().getErr());
        ImageSet set = ClassFit.align(DatasetSplit.read(data.directory(), datasetOption.source(), split, images.limit(), spec),
                model.config().classNames(), modelFile, datasetOption.name());
        TrainingImages input = TrainingImages.of(set);
        if (!input.shape().equals(model.config().shape())) {
            throw new UsageException(modelFile + " takes " + model.config().shape() + " images but " + datasetOption.name() + " has "
                    + input.shape());
        }
        long started = System.nanoTime();
        long bytes = ShardEncoder.encode(model, input, out, datasetOption.source().label() + "/" + split, chunk, device, coding,
                n -> {
                });
        double seconds = (System.nanoTime() - started) / 1e9;
        return print(new EncodeReport(out.toString(), model.fingerprint().toString(), model.config().bits(), coding.id(),
                model.config().latentShape(), set.count(), bytes, (double) bytes / set.count(),
                (double) set.count() * set.imageSize() / bytes, seconds));
    }

    /** The edge's path without LibTorch: the model's encoder read from its file and run in Java. */
    private Integer encodeWithoutLibTorch() throws IOException {
        backend.requireCpu(deviceOption);
        EncoderFile model = EncoderFile.read(modelFile);
        EntropyCoding.Kind coding = codec.kind(model.codeTables() != null, modelFile.toString(), spec.commandLine().getErr());
        ImageSet set = ClassFit.forEncoder(DatasetSplit.read(data.directory(), datasetOption.source(), split, images.limit(), spec),
                model, modelFile, datasetOption.name());
        long started = System.nanoTime();
        long bytes = EdgeShardEncoder.encode(model, new JavaEncoder(model, modelFile), set, out,
                datasetOption.source().label() + "/" + split, chunk, coding);
        double seconds = (System.nanoTime() - started) / 1e9;
        return print(new EncodeReport(out.toString(), model.fingerprint().toString(), model.bits(), coding.id(), new int[] {model.latentChannels(),
            model.latentHeight(), model.latentWidth()}, set.count(), bytes, (double) bytes / set.count(),
                (double) set.count() * set.imageSize() / bytes, seconds));
    }

    private Integer print(EncodeReport report) {
        PrintWriter stdout = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(stdout, report);
        } else {
            stdout.printf("%s: %,d images of %s/%s at k=%d (%s), latent %s: %,d bytes (%.1f per image, %.1fx smaller than raw) in"
                    + " %.1f s%n", out, report.records(), datasetOption.name(), split, report.bits(), report.codec(),
                    Arrays.toString(report.latentShape()),
                    report.bytes(), report.bytesPerImage(), report.ratio(), report.seconds());
            stdout.flush();
        }
        return ExitCodes.OK;
    }
}
