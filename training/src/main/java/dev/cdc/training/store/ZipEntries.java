package dev.cdc.training.store;

import dev.cdc.core.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Model files are zip archives of named entries: zip gives every entry a CRC, so corruption is
 * detected on reading. Writing goes through a temporary file and a rename: a crash never leaves
 * half a checkpoint in place of a good one.
 */
final class ZipEntries {
    private static final long MAX_ENTRY = 1L << 30;

    private ZipEntries() {
    }

    static void write(Path file, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                zipEntry.setTime(0); // the same model gives the same bytes
                zip.putNextEntry(zipEntry);
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    static Map<String, byte[]> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file, "file not found: expected a cdc model file");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(raw)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                byte[] content = zip.readNBytes((int) Math.min(MAX_ENTRY, Files.size(file) * 64 + 1024));
                entries.put(entry.getName(), content);
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new ModelFormatException(file, "corrupt model file (" + e.getMessage() + "): re-train or restore it");
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file, "file not found: expected a cdc model file");
        }
        if (entries.isEmpty()) {
            throw new ModelFormatException(file, "not a cdc model file: it holds no zip entries");
        }
        return entries;
    }
}
