package dev.cdc.cli;

import dev.cdc.core.data.ImageSet;
import dev.cdc.core.npy.NpyArray;
import dev.cdc.core.npy.NpyWriter;
import dev.cdc.core.shard.ShardReader;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ImageShape;
import dev.cdc.training.pipeline.ShardDecoder;
import dev.cdc.training.plot.ReconstructionGrid;
import dev.cdc.training.store.ModelStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cdc decode}: shards back to images, as NumPy arrays and a PNG grid. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Unpack-dequantize shards and run the model's decoder. Writes DIR/images.npy (N, C, H, W in [0, 1]),",
            "DIR/labels.npy and DIR/grid.png: originals (when the shard names a packaged data set) above reconstructions."})
public final class DecodeCommand implements Callable<Integer>, LibTorchCommand {
    private static final int GRID_IMAGES = 32;
    @Spec
    CommandSpec spec;
    @Mixin
    DataOptions data;
    @Mixin
    JsonOutput json;
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "The model whose encoder wrote the shards.")
    Path modelFile;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;
    @Parameters(paramLabel = "SHARD", arity = "1..*", description = ".cdc shards.")
    List<Path> shards;

    /** What {@code --json} prints. */
    public record DecodeReport(long records, long shardBytes, String images, String labels, String grid, List<String> warnings) {
    }

    @Override
    public Integer call() throws IOException {
        CdcModel model = ModelStore.loadModel(modelFile).model();
        PrintWriter err = spec.commandLine().getErr();
        ShardDecoder.Decoded decoded = ShardDecoder.decode(model, shards, message -> err.println("warning: " + message));
        ImageShape shape = model.config().shape();
        int count = (int) decoded.records();
        float[] pixels = new float[count * shape.pixels()];
        float[] labels = new float[count];
        for (int i = 0; i < count; i++) {
            decoded.images().copy(i, pixels, i * shape.pixels());
            labels[i] = decoded.images().label(i);
        }
        Path imagesFile = out.resolve("images.npy");
        Path labelsFile = out.resolve("labels.npy");
        Path gridFile = out.resolve("grid.png");
        NpyWriter.write(imagesFile, new NpyArray(new long[] {count, shape.channels(), shape.height(), shape.width()}, pixels));
        NpyWriter.write(labelsFile, new NpyArray(new long[] {count}, labels));
        int shown = Math.min(GRID_IMAGES, count);
        ReconstructionGrid.write(gridFile, shape, originals(shards.get(0), shown, shape), pixels, shown, 8);
        DecodeReport report = new DecodeReport(decoded.records(), decoded.shardBytes(), imagesFile.toString(),
                labelsFile.toString(), gridFile.toString(), decoded.warnings());
        PrintWriter stdout = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(stdout, report);
        } else {
            stdout.printf("decoded %,d records from %,d shard bytes into %s; grid of originals and reconstructions in %s%n",
                    count, decoded.shardBytes(), imagesFile, gridFile);
            stdout.flush();
        }
        return decoded.warnings().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** The first images of the data set the shard names, when it is a packaged one and present. */
    private float[] originals(Path shard, int count, ImageShape shape) {
        try (ShardReader reader = ShardReader.open(shard)) {
            String label = reader.header().dataset();
            String dataset = DatasetSplit.datasetOf(label);
            if (dataset == null || !label.contains("/")) {
                return null;
            }
            ImageSet set = DatasetSplit.read(data.directory(), DatasetSplit.source(dataset), label.substring(label.indexOf('/') + 1),
                    count, spec);
            if (set.imageSize() != shape.pixels()) {
                return null;
            }
            float[] originals = new float[count * shape.pixels()];
            for (int i = 0; i < Math.min(count, set.count()); i++) {
                set.copyScaled(i, originals, i * shape.pixels());
            }
            return originals;
        } catch (IOException | UsageException e) {
            return null; // the grid then shows reconstructions alone
        }
    }
}
