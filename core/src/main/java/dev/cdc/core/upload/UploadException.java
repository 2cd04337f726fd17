package dev.cdc.core.upload;

import java.io.IOException;

/** An upload that cannot go on: the service refused a chunk for good, or stayed unreachable through every retry. */
public final class UploadException extends IOException {
    private static final long serialVersionUID = 1L;

    public UploadException(String message) {
        super(message);
    }

    public UploadException(String message, Throwable cause) {
        super(message, cause);
    }
}
