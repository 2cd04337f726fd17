package dev.cdc.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeFilesTest {
    @TempDir
    Path dir;

    @Test
    void listsMatchingFilesBelowInPathOrderAndSkipsHiddenOnes() throws Exception {
        Files.createDirectories(dir.resolve("b/s"));
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve(".hidden"));
        for (String name : List.of("b/s/2.cdc", "a/1.cdc", "a/x.txt", "b/s/.incoming.cdc", ".hidden/3.cdc")) {
            Files.write(dir.resolve(name), new byte[1]);
        }
        Files.createDirectories(dir.resolve("a/dir.cdc"));
        assertEquals(List.of(dir.resolve("a/1.cdc"), dir.resolve("b/s/2.cdc")), TreeFiles.list(dir, n -> n.endsWith(".cdc")));
        assertEquals(List.of(), TreeFiles.list(dir.resolve("missing"), n -> true), "a directory gone meanwhile holds nothing");
    }
}
