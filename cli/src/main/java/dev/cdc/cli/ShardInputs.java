package dev.cdc.cli;

import dev.cdc.core.io.TreeFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shard arguments: files as given, directories searched (recursively, in name order, hidden entries skipped) for {@code .cdc} files. */
final class ShardInputs {
    private ShardInputs() {
    }

    static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> shards = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.isDirectory(input)) {
                shards.add(input);
                continue;
            }
            List<Path> found = TreeFiles.list(input, name -> name.endsWith(".cdc"));
            if (found.isEmpty()) {
                throw new UsageException(input + " holds no .cdc shards");
            }
            shards.addAll(found);
        }
        return shards;
    }
}
