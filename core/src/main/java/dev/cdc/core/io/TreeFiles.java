package dev.cdc.core.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Lists files below a directory that another process may be writing into, such as the store of
 * a running `cdc serve`. {@code Files.walk} reads every entry's attributes and fails when one
 * vanishes between listing and reading (a temporary file renamed away); this matches on names,
 * skips hidden entries (temporary files start with a dot), and reads attributes only to descend.
 */
public final class TreeFiles {
    private TreeFiles() {
    }

    /** Regular files below {@code dir} whose names {@code accept}, sorted by path. */
    public static List<Path> list(Path dir, Predicate<String> accept) throws IOException {
        List<Path> found = new ArrayList<>();
        collect(dir, accept, found);
        found.sort(null);
        return found;
    }

    private static void collect(Path dir, Predicate<String> accept, List<Path> found) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(entry)) {
                    collect(entry, accept, found);
                } else if (accept.test(name) && Files.isRegularFile(entry)) {
                    found.add(entry);
                }
            }
        } catch (NoSuchFileException e) {
            // the directory went away while being listed: nothing in it to return
        }
    }
}
