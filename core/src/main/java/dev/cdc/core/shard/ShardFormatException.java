package dev.cdc.core.shard;

import dev.cdc.core.CdcFormatException;
import java.nio.file.Path;

/** A {@code .cdc} shard that breaks the format: the only exception its reader throws for bad bytes. */
public final class ShardFormatException extends CdcFormatException {
    private static final long serialVersionUID = 1L;

    public ShardFormatException(Path file, String message) {
        super(file, message);
    }
}
