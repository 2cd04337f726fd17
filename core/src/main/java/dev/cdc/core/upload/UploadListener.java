package dev.cdc.core.upload;

import java.time.Duration;

/** Told what an upload is doing; the CLI shows it as a progress bar, tests record it. */
public interface UploadListener {
    /**
     * A chunk the service has acknowledged.
     *
     * @param bits        k this chunk was sent at
     * @param storedBits  k the service holds it at (differs only when an earlier try at another k was stored)
     * @param linkRate    the link rate the width policy plans with after this chunk: measured, capped by the upload's maximum rate
     * @param recordsDone acknowledged records, earlier runs included
     * @param bytesSent   bytes sent by this run
     */
    record Progress(long sequence, int bits, int storedBits, int records, long bytes, boolean repeated, double linkRate,
            long recordsDone, long recordsTotal, long bytesSent) {
    }

    void chunkAcknowledged(Progress progress);

    default void retrying(long sequence, int attempt, String cause, Duration delay) {
    }

    UploadListener NONE = progress -> {
    };
}
