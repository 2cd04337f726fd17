package dev.cdc.cli;

import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.bundle.BundlePair;
import dev.cdc.core.modelfile.ModelCodeTables;
import dev.cdc.core.shard.EntropyCoding;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --codec auto|packed|rans}: how an edge command stores its codes. */
public final class CodecOption {
    private static final String AUTO = "auto";

    @Option(names = "--codec", defaultValue = AUTO, paramLabel = "C",
            description = "rans: the codes entropy-coded with the model's code tables (shard format version 2, the same codes in"
                    + " fewer bytes, docs/entropy-coding.md); packed: k bits per code (format version 1, for readers older than"
                    + " format 2); auto: rans when the model has code tables, else packed, saying so (default: ${DEFAULT-VALUE}).")
    String name;

    /** A usage error unless the name is auto, packed or rans; call it before any slow work. */
    void check() {
        if (!AUTO.equals(name.toLowerCase(Locale.ROOT))) {
            explicitKind();
        }
    }

    /**
     * The coding for a model that has code tables or not; for {@code auto} without tables, a note
     * on {@code err} says why the codes go bit-packed.
     */
    EntropyCoding.Kind kind(boolean tables, String model, PrintWriter err) {
        if (!AUTO.equals(name.toLowerCase(Locale.ROOT))) {
            return explicitKind();
        }
        if (tables) {
            return EntropyCoding.Kind.RANS;
        }
        err.println("note: " + model + " has no code tables (trained before cdc fitted them), so the codes go bit-packed;"
                + " `cdc tables` fits them without training, for rANS-coded codes in fewer bytes");
        err.flush();
        return EntropyCoding.Kind.PACKED;
    }

    /** The coding for a bundle: rANS under {@code auto} only when every one of its models has tables. */
    EntropyCoding.Kind kind(Bundle bundle, PrintWriter err) throws IOException {
        if (!AUTO.equals(name.toLowerCase(Locale.ROOT))) {
            return explicitKind();
        }
        int latentElements = Arrays.stream(bundle.latentShape()).reduce(1, (a, b) -> a * b);
        for (BundlePair pair : bundle.pairs()) {
            if (ModelCodeTables.read(bundle.file(pair), latentElements, pair.bits()) == null) {
                return kind(false, bundle.file(pair).toString(), err);
            }
        }
        return EntropyCoding.Kind.RANS;
    }

    /** packed or rans as asked; a usage error naming the choices otherwise. */
    private EntropyCoding.Kind explicitKind() {
        try {
            return EntropyCoding.Kind.fromId(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage().replace("expected packed or rans", "expected auto, packed or rans"));
        }
    }
}
