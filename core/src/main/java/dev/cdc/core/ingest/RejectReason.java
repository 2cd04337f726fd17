package dev.cdc.core.ingest;

import java.util.Locale;

/** Why the ingest service turned a request away: its HTTP status and its label in {@code /metrics}. */
public enum RejectReason {
    UNAUTHORIZED(401),
    /** A body that arrived slower than the service's minimum rate: cut so it cannot hold a worker. */
    TOO_SLOW(408),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    BAD_NAME(400),
    MALFORMED(400),
    CRC_MISMATCH(400),
    CONFLICT(409),
    OVERSIZED(413),
    UNKNOWN_FINGERPRINT(422),
    UNSUPPORTED_K(422),
    CODEC_MISMATCH(422),
    UNLABELLED(422),
    /** Records the cloud's reader would refuse: labels past the class count, codes that decode to no number. */
    INVALID_RECORDS(422);

    private final int status;

    RejectReason(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The lower-case name used as a metrics label and in JSON error bodies. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
