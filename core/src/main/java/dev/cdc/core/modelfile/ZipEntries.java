package dev.cdc.core.modelfile;

import dev.cdc.core.io.AtomicFiles;
import dev.cdc.core.text.Printable;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Model files are zip archives of named entries: zip gives every entry a CRC, so corruption is
 * detected on reading. Writing goes through a temporary file and a rename: a crash never leaves
 * half a checkpoint in place of a good one. Reading is bounded before anything is inflated: a
 * few entries at most, each read only by name and only up to the size its reader expects, so a
 * file cannot make cdc inflate more than the model it describes (a 1 MB "zip bomb" of 16 entries
 * of 64 MiB of zeros is refused after reading at most one entry's bound).
 */
public final class ZipEntries implements AutoCloseable {
    /** Model files hold model.json, three parameter files and an optimizer state at most. */
    public static final int MAX_ENTRIES = 16;
    private final Path file;
    private final ZipFile zip;

    private ZipEntries(Path file, ZipFile zip) {
        this.file = file;
        this.zip = zip;
    }

    public static void write(Path file, Map<String, byte[]> entries) throws IOException {
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

    /** Opens a model file's archive: its directory only, nothing inflated yet. */
    public static ZipEntries open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file, "file not found: expected a cdc model file");
        }
        if (!startsLikeZip(file)) {
            throw new ModelFormatException(file, "not a cdc model file: it is not a zip archive");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException | EOFException e) {
            throw corrupt(file, e);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file, "file not found: expected a cdc model file");
        }
        if (zip.size() == 0 || zip.size() > MAX_ENTRIES) {
            int size = zip.size();
            zip.close();
            throw new ModelFormatException(file, size == 0 ? "not a cdc model file: it holds no zip entries"
                    : "not a cdc model file: it holds " + size + " zip entries, a model file at most " + MAX_ENTRIES);
        }
        return new ZipEntries(file, zip);
    }

    /** A zip archive starts with a local file header, "PK\3\4"; anything else is some other file. */
    private static boolean startsLikeZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        }
    }

    /**
     * The entry's bytes, or null if there is none; refused as soon as it inflates past
     * {@code maxBytes}, whatever its directory claims.
     */
    public byte[] read(String name, long maxBytes) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            return null;
        }
        int cap = (int) Math.min(maxBytes, Integer.MAX_VALUE - 16);
        byte[] content;
        try (InputStream in = zip.getInputStream(entry)) {
            content = in.readNBytes(cap + 1);
        } catch (ZipException | EOFException e) {
            throw corrupt(file, e);
        }
        if (content.length > cap) {
            throw new ModelFormatException(file, "entry " + Printable.of(name, 40) + " inflates past " + cap
                    + " bytes, the most its model could need: not a cdc model file (a zip bomb?)");
        }
        // ZipFile, unlike ZipInputStream, does not check an entry's CRC: corruption must still show.
        CRC32 crc = new CRC32();
        crc.update(content);
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
            throw new ModelFormatException(file, "corrupt model file (entry " + Printable.of(name, 40)
                    + " fails its CRC): re-train or restore it");
        }
        return content;
    }

    /** An archive the zip reader gave up on; an end-of-file has no message of its own. */
    private static ModelFormatException corrupt(Path file, IOException e) {
        String reason = e.getMessage() != null ? Printable.of(e.getMessage()) : "it ends too early";
        return new ModelFormatException(file, "corrupt model file (" + reason + "): re-train or restore it");
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
