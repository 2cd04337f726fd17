package dev.cdc.core.bundle;

import dev.cdc.core.CdcFormatException;
import java.nio.file.Path;

/** A bundle directory whose manifest is missing, unreadable or inconsistent. */
public final class BundleFormatException extends CdcFormatException {
    private static final long serialVersionUID = 1L;

    public BundleFormatException(Path file, String message) {
        super(file, message);
    }
}
