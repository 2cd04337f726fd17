package dev.cdc.cli;

import dev.cdc.core.shard.EntropyCoding;
import picocli.CommandLine.Option;

/** {@code --codec packed|rans}: how an edge command stores its codes. */
public final class CodecOption {
    @Option(names = "--codec", defaultValue = "packed", paramLabel = "C",
            description = "packed: k bits per code; or rans: the codes entropy-coded with the model's code tables (shard format"
                    + " version 2, fewer bytes for the same codes, docs/entropy-coding.md) (default: ${DEFAULT-VALUE}).")
    String name;

    /** The coding asked for; a usage error naming the choices otherwise. */
    EntropyCoding.Kind kind() {
        try {
            return EntropyCoding.Kind.fromId(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
    }
}
