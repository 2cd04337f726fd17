package dev.cdc.core.ingest;

/** A request the ingest service refuses, with a message for the edge's operator. Nothing is written. */
public final class IngestRejection extends Exception {
    private static final long serialVersionUID = 1L;
    private final RejectReason reason;

    public IngestRejection(RejectReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
