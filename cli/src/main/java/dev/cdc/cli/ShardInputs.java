package dev.cdc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Shard arguments: files as given, directories searched (recursively, in name order) for {@code .cdc} files. */
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
            try (Stream<Path> files = Files.walk(input)) {
                List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(".cdc") && Files.isRegularFile(f)
                        && !f.getFileName().toString().startsWith(".")).sorted().toList();
                if (found.isEmpty()) {
                    throw new UsageException(input + " holds no .cdc shards");
                }
                shards.addAll(found);
            }
        }
        return shards;
    }
}
