package dev.cdc.core.data;

import dev.cdc.core.CdcFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Checks the MD5 of each file's uncompressed content against {@link KnownDataset}'s values. */
public final class DatasetVerifier {
    private DatasetVerifier() {
    }

    /**
     * The check of one file.
     *
     * @param actual the MD5 found, or {@code null} when the file is missing
     */
    public record FileCheck(String name, Path path, String expected, String actual) {
        public boolean ok() {
            return expected.equals(actual);
        }
    }

    public static List<FileCheck> verify(KnownDataset dataset, Path dataRoot) throws IOException {
        List<FileCheck> checks = new ArrayList<>();
        for (KnownDataset.DataFile file : dataset.files()) {
            Path path;
            try {
                path = dataset.locate(dataRoot, file);
            } catch (CdcFormatException missing) {
                checks.add(new FileCheck(file.name(), dataset.directory(dataRoot).resolve(file.name()), file.md5(), null));
                continue;
            }
            checks.add(new FileCheck(file.name(), path, file.md5(), uncompressedMd5(path)));
        }
        return checks;
    }

    /** MD5 of a file's content, through gzip when its name ends in .gz. */
    public static String uncompressedMd5(Path path) throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5", e);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
                InputStream in = path.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                DigestInputStream digest = new DigestInputStream(in, md5)) {
            digest.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md5.digest());
    }

}
