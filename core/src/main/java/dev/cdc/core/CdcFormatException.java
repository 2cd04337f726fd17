package dev.cdc.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not what its reader expected: wrong magic, unknown version, truncated, sizes
 * that disagree. The message always names the file (when there is one) and what was expected,
 * because it is what a user reads when their data is bad.
 */
public class CdcFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CdcFormatException(String message) {
        super(message);
    }

    public CdcFormatException(Path file, String message) {
        super(file + ": " + message);
    }

    public CdcFormatException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }
}
