package dev.cdc.cli;

import dev.cdc.core.data.DatasetSource;
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
        description = "Unpack-dequantize shards and run the model's decoder. Writes DIR/images.npy (N, C, H, W in [0, "
                + "1]), DIR/labels.npy and DIR/grid.png: originals (from --originals, or the packaged data set the "
                + "shard names) above reconstructions.")
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
    @Option(names = "--originals", paramLabel = "DATA", description = "The data set the first shard was encoded from, named as"
            + " --dataset elsewhere (folder:PATH, cifar10:PATH, npy:PATH), for the grid's originals; its split is the one the shard"
            + " names (default: the packaged data set the shard names, when present).")
    String originals;
    @Mixin
    FolderOptions folderOptions;
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
        float[] originalPixels = originals(shards.get(0), shown, shape);
        ReconstructionGrid.write(gridFile, shape, originalPixels, pixels, shown, 8);
        DecodeReport report = new DecodeReport(decoded.records(), decoded.shardBytes(), imagesFile.toString(),
                labelsFile.toString(), gridFile.toString(), decoded.warnings());
        PrintWriter stdout = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(stdout, report);
        } else {
            stdout.printf("decoded %,d records from %,d shard bytes into %s; grid of " + (originalPixels != null ? "originals and " : "")
                    + "reconstructions in %s%n",
                    count, decoded.shardBytes(), imagesFile, gridFile);
            stdout.flush();
        }
        return decoded.warnings().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /**
     * The first images of the data set given by {@code --originals}, or else of the packaged one the
     * shard names when present; null when there are none to show.
     */
    private float[] originals(Path shard, int count, ImageShape shape) {
        DatasetSource source = originals == null ? null : folderOptions.apply(DatasetSplit.source(originals));
        try (ShardReader reader = ShardReader.open(shard)) {
            String label = reader.header().dataset();
            String split = label.contains("/") ? label.substring(label.indexOf('/') + 1) : "test";
            if (source == null) {
                String dataset = DatasetSplit.datasetOf(label);
                if (dataset == null || !label.contains("/")) {
                    return null;
                }
                source = DatasetSplit.source(dataset);
            }
            ImageSet set = DatasetSplit.read(data.directory(), source, split, count, spec);
            if (set.imageSize() != shape.pixels()) {
                return unshown(set.channels() + "x" + set.height() + "x" + set.width() + " images are not the model's " + shape);
            }
            float[] originals = new float[count * shape.pixels()];
            for (int i = 0; i < Math.min(count, set.count()); i++) {
                set.copyScaled(i, originals, i * shape.pixels());
            }
            return originals;
        } catch (IOException | UsageException e) {
            return unshown(e.getMessage());
        }
    }

    /** No originals in the grid, which then shows reconstructions alone; said when the user asked for them. */
    private float[] unshown(String why) {
        if (originals != null) {
            spec.commandLine().getErr().println("warning: the grid shows no originals: " + why);
        }
        return null;
    }
}
