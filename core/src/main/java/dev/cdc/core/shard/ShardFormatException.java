package dev.cdc.core.shard;

import dev.cdc.core.CdcFormatException;
import java.nio.file.Path;

/** A {@code .cdc} shard that breaks the format: the only exception its reader throws for bad bytes. */
public final class ShardFormatException extends CdcFormatException {
    private static final long serialVersionUID = 1L;

    private final boolean checksum;

    public ShardFormatException(Path file, String message) {
        this(file, message, false);
    }

    public ShardFormatException(Path file, String message, boolean checksum) {
        super(file, message);
        this.checksum = checksum;
    }

    /** True when the bytes were complete but failed a CRC32C check (corrupted in transit or at rest). */
    public boolean checksumFailure() {
        return checksum;
    }
}
