package dev.cdc.cli;

import dev.cdc.core.text.Printable;
import dev.cdc.training.store.Provenance;
import dev.cdc.training.sweep.Sweep;
import dev.cdc.training.sweep.SweepConfig;
import dev.cdc.training.sweep.SweepReport;
import dev.cdc.training.sweep.SweepResult;
import dev.cdc.training.train.ClassifierRecipe;
import dev.cdc.training.train.Guidance;
import dev.cdc.training.train.TrainingDefaults;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cdc sweep}: the ablation that chooses guidance, lambda and latent, on a validation split. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Compare guidance variants, weights and latent shapes: each combination's autoencoder trained "
                + "from scratch on a training subset, its cloud classifier judged on a validation split held out "
                + "of that subset (never the test set), under both protocols. Writes sweep.json and sweep.md after "
                + "every combination.")
public final class SweepCommand implements Callable<Integer>, LibTorchCommand {
    @Spec
    CommandSpec spec;
    @Mixin
    DataOptions data;
    @Mixin
    JsonOutput json;
    @Mixin
    DatasetOption datasetOption;
    @Option(names = "--images", defaultValue = "20000", paramLabel = "N",
            description = "Training images used, validation included (default: ${DEFAULT-VALUE}).")
    int images;
    @Option(names = "--validation", defaultValue = "5000", paramLabel = "N",
            description = "Of those, held out to judge on (default: ${DEFAULT-VALUE}).")
    int validation;
    @Option(names = "--latent-channels", split = ",", defaultValue = "2", paramLabel = "C",
            description = "Latent channels compared (default: ${DEFAULT-VALUE}).")
    List<Integer> latentChannels;
    @Option(names = "--bits", split = ",", defaultValue = "2", paramLabel = "K",
            description = "Widths compared, each trained from scratch (default: ${DEFAULT-VALUE}).")
    List<Integer> bits;
    @Option(names = "--variants", split = ",", paramLabel = "KIND:LAMBDA",
            description = "Guidance variants, e.g. none,ce:0.05, distill:0.2,features:1 (default: none and each of ce, "
                    + "distill, features at 0.02, 0.1 and 0.5).")
    List<String> variants;
    @Option(names = "--temperature", defaultValue = "4", paramLabel = "T",
            description = "Distillation's temperature (default: ${DEFAULT-VALUE}).")
    double temperature;
    @Option(names = "--epochs", paramLabel = "E", description = "Autoencoder epochs (default: the data set's).")
    Integer epochs;
    @Option(names = "--guidance-epochs", paramLabel = "E",
            description = "Guide epochs (default: 8; its validation accuracy is recorded after each).")
    Integer guidanceEpochs;
    @Option(names = "--cloud-epochs", paramLabel = "E", description = "Cloud classifier epochs (default: 8).")
    Integer cloudEpochs;
    @Option(names = "--seeds", defaultValue = "1", paramLabel = "N",
            description = "Seeds per combination (default: ${DEFAULT-VALUE}).")
    int seeds;
    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "The first seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Mixin
    JobsOption jobs;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where sweep.json, sweep.md and metrics.jsonl go.")
    Path out;

    @Override
    public Integer call() throws IOException {
        String dataset = DataOptions.dataset(datasetOption.name()).id();
        for (int k : bits) {
            if (k < 1 || k > 8) {
                throw new UsageException("--bits " + k + " is not supported: expected 1..8");
            }
        }
        if (seeds < 1 || seeds > 10) {
            throw new UsageException("--seeds " + seeds + " is not valid: expected 1..10");
        }
        if (validation < 1 || validation >= images) {
            throw new UsageException("--validation " + validation + " is not valid: expected 1.." + (images - 1)
                    + " (fewer than --images)");
        }
        int parallel = jobs.configure();
        ClassifierRecipe guide = ClassifierRecipe.guide(TrainingDefaults.augmentation(dataset));
        ClassifierRecipe cloud = ClassifierRecipe.cloud(TrainingDefaults.augmentation(dataset));
        SweepConfig config = new SweepConfig(dataset, images, validation, latentChannels, bits, guidances(),
                guidanceEpochs != null ? guide.withEpochs(positive("--guidance-epochs", guidanceEpochs)) : guide,
                cloudEpochs != null ? cloud.withEpochs(positive("--cloud-epochs", cloudEpochs)) : cloud,
                epochs != null ? positive("--epochs", epochs) : TrainingDefaults.AUTOENCODER_EPOCHS, 128,
                LongStream.range(seed, seed + seeds).boxed().toList());
        Provenance stamp = ProvenanceFactory.create(dataset + "/train", seed, Map.of(), null);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("cdc", stamp.cdc());
        provenance.put("libtorch", stamp.libtorch());
        provenance.put("java", stamp.java());
        provenance.put("createdUtc", stamp.createdUtc());
        provenance.put("jobs", parallel);
        SweepResult result = new Sweep(config, data.directory(), out, System.err, parallel, provenance).run();
        PrintWriter stdout = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(stdout, result);
        } else {
            stdout.print(SweepReport.table(result));
            stdout.printf("%ntook %.0f s; %s and %s%n", result.seconds(), out.resolve("sweep.json"), out.resolve("sweep.md"));
        }
        stdout.flush();
        return ExitCodes.OK;
    }

    private static int positive(String option, int value) {
        if (value < 1) {
            throw new UsageException(option + " " + value + " is not valid: expected at least 1");
        }
        return value;
    }

    private List<Guidance> guidances() {
        List<String> specs = variants != null ? variants : defaultVariants();
        List<Guidance> out = new ArrayList<>();
        for (String s : specs) {
            String v = s.strip();
            if (v.equals("none")) {
                out.add(Guidance.none());
                continue;
            }
            int colon = v.indexOf(':');
            if (colon < 0) {
                throw new UsageException("variant '" + Printable.of(v) + "' is not valid: expected none or KIND:LAMBDA, e.g. ce:0.05");
            }
            try {
                out.add(new Guidance(Guidance.Kind.fromId(v.substring(0, colon)), Double.parseDouble(v.substring(colon + 1)),
                        temperature));
            } catch (IllegalArgumentException e) {
                throw new UsageException("variant '" + Printable.of(v) + "' is not valid: " + e.getMessage());
            }
        }
        return out;
    }

    private static List<String> defaultVariants() {
        List<String> all = new ArrayList<>(List.of("none"));
        for (String kind : List.of("ce", "distill", "features")) {
            for (String lambda : List.of("0.02", "0.1", "0.5")) {
                all.add(kind + ":" + lambda);
            }
        }
        return all;
    }
}
