package dev.cdc.core.modelfile;

import dev.cdc.core.CdcFormatException;
import java.nio.file.Path;

/** A model or checkpoint file that cannot be loaded: missing, corrupt, or of another kind. */
public final class ModelFormatException extends CdcFormatException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(Path file, String message) {
        super(file, message);
    }
}
