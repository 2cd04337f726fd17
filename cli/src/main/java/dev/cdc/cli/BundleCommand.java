package dev.cdc.cli;

import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.bundle.BundlePair;
import dev.cdc.training.bundle.BundleModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cdc bundle}: one encoder/decoder pair per k in one directory, for edges and the cloud. */
@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = "Make and inspect model bundles: the fine-tuned pair for each k that edges pick from.",
        subcommands = {BundleCommand.Create.class, BundleCommand.Inspect.class})
public final class BundleCommand extends ParentCommand {

    /** What {@code --json} prints for a bundle. */
    public record BundleReport(String bundle, int[] imageShape, int classes, int[] latentShape, List<PairReport> pairs) {
        static BundleReport of(Bundle bundle) {
            return new BundleReport(bundle.directory().toString(), bundle.imageShape(), bundle.classes(), bundle.latentShape(),
                    bundle.pairs().stream().map(PairReport::of).toList());
        }
    }

    /** One pair as {@code --json} prints it. */
    public record PairReport(int bits, String fingerprint, String file, String codec, Map<String, Object> provenance) {
        static PairReport of(BundlePair pair) {
            return new PairReport(pair.bits(), pair.fingerprint().toString(), pair.file(), pair.codec().toString(), pair.provenance());
        }
    }

    static void print(CommandSpec spec, JsonOutput json, Bundle bundle) {
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(out, BundleReport.of(bundle));
            return;
        }
        out.printf("bundle %s: images %s, %d classes, latent %s%n", bundle.directory(), Arrays.toString(bundle.imageShape()),
                bundle.classes(), Arrays.toString(bundle.latentShape()));
        for (BundlePair pair : bundle.pairs()) {
            Object dataset = pair.provenance().get("dataset");
            Object parent = pair.provenance().get("parent");
            out.printf("  k=%d  %s  %s  trained on %s%s%n", pair.bits(), pair.fingerprint(), pair.file(), dataset,
                    parent == null ? "" : ", fine-tuned from " + parent);
        }
        out.flush();
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Copy fine-tuned models (one per k, same architecture) into a new bundle directory with a "
                    + "manifest. Example: cdc bundle create --out mnist.bundle m1.cdcm m2.cdcm m4.cdcm m8.cdcm")
    static final class Create implements Callable<Integer>, LibTorchCommand {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOutput json;
        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "The bundle directory to create (must not exist).")
        Path out;
        @Parameters(paramLabel = "MODEL", arity = "1..*", description = "Models (.cdcm), one per k.")
        List<Path> models;

        @Override
        public Integer call() throws IOException {
            print(spec, json, BundleModels.create(out, models));
            return ExitCodes.OK;
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Print a bundle's pairs: k, fingerprint, file and provenance. With --verify, load each model and check its fingerprint.")
    static final class Inspect implements Callable<Integer>, LibTorchCommand {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOutput json;
        @Option(names = "--verify", description = "Load every model and check it against the manifest.")
        boolean verify;
        @Parameters(paramLabel = "BUNDLE", description = "The bundle directory.")
        Path bundle;

        @Override
        public boolean usesLibTorch() {
            return verify;
        }

        @Override
        public Integer call() throws IOException {
            Bundle read = Bundle.read(bundle);
            if (verify) {
                BundleModels.load(read);
            }
            print(spec, json, read);
            return ExitCodes.OK;
        }
    }
}
