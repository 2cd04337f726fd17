package dev.cdc.training.distributed;

import java.io.IOException;

/** A data-parallel job that cannot go on: the rendezvous failed, or a peer rank died or stopped answering. */
public final class DistributedException extends IOException {
    private static final long serialVersionUID = 1L;

    public DistributedException(String message) {
        super(message);
    }

    public DistributedException(String message, Throwable cause) {
        super(message, cause);
    }
}
