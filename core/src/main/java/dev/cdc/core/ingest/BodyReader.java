package dev.cdc.core.ingest;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads one request's body without holding a thread while its bytes are on the way: what has
 * arrived is copied out, and when nothing more has, the request is asked to call back once it
 * has ({@link Request#demand}). A client trickling its body therefore costs a buffer, not a
 * worker. The body is bounded (a declared length over the limit is refused before a byte is
 * read) and paced: after a short grace, a body falling behind the minimum rate is refused.
 */
final class BodyReader {
    /** Where the outcome goes; exactly one of these is called, once. */
    interface Outcome {
        void body(byte[] body);

        void refused(IngestRejection rejection);

        /** The connection failed under the body: the client hung up, or stayed silent past the idle timeout. */
        void broken(Throwable cause);
    }

    /** Seconds a body may take before the minimum rate applies: a connection's first packets are slow. */
    private static final double GRACE_SECONDS = 5;
    /** Most of a declared body allocated before it arrives: larger bodies grow as their bytes come. */
    private static final int FIRST_BUFFER = 1 << 20;
    private static final int UNDECLARED_BUFFER = 16 * 1024;

    private final Request request;
    private final long maxBody;
    private final long minBytesPerSecond;
    private final Outcome outcome;
    private final long startedNanos = System.nanoTime();
    private byte[] buffer;
    private int size;

    private BodyReader(Request request, long maxBody, long minBytesPerSecond, Outcome outcome, long declared) {
        this.request = request;
        this.maxBody = maxBody;
        this.minBytesPerSecond = minBytesPerSecond;
        this.outcome = outcome;
        // A declared length sizes the buffer, so a chunk lands in its final array with no copy.
        this.buffer = new byte[(int) (declared >= 0 ? Math.min(declared, FIRST_BUFFER) : UNDECLARED_BUFFER)];
    }

    /** Starts reading; {@code outcome} hears the end, on this thread or a later one. */
    static void read(Request request, long maxBody, long minBytesPerSecond, Outcome outcome) {
        long declared = request.getLength();
        if (declared > maxBody) {
            outcome.refused(oversized(declared, maxBody));
            return;
        }
        new BodyReader(request, Math.min(maxBody, Integer.MAX_VALUE - 8), minBytesPerSecond, outcome, declared).readAvailable();
    }

    private void readAvailable() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this::readAvailable);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                outcome.broken(chunk.getFailure());
                return;
            }
            boolean last = chunk.isLast();
            try {
                if (!append(chunk.getByteBuffer())) {
                    outcome.refused(oversized(size + (long) chunk.getByteBuffer().remaining(), maxBody));
                    return;
                }
            } finally {
                chunk.release();
            }
            if (last) {
                outcome.body(size == buffer.length ? buffer : Arrays.copyOf(buffer, size));
                return;
            }
            double seconds = (System.nanoTime() - startedNanos) / 1e9;
            if (seconds > GRACE_SECONDS && size < minBytesPerSecond * (seconds - GRACE_SECONDS)) {
                outcome.refused(new IngestRejection(RejectReason.TOO_SLOW, String.format("the body arrived at %.0f bytes/s, slower"
                        + " than the %d bytes/s this service needs: retry on a better link", size / seconds, minBytesPerSecond)));
                return;
            }
        }
    }

    /** Copies {@code bytes} in, growing the buffer as needed; false, copying nothing, if that would pass the limit. */
    private boolean append(ByteBuffer bytes) {
        int n = bytes.remaining();
        if (size + (long) n > maxBody) {
            return false;
        }
        if (size + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(maxBody, Math.max(size + (long) n, Math.max(UNDECLARED_BUFFER,
                    2L * buffer.length))));
        }
        bytes.get(buffer, size, n);
        size += n;
        return true;
    }

    static IngestRejection oversized(long length, long maxBody) {
        return new IngestRejection(RejectReason.OVERSIZED, "body of " + length + " bytes is larger than this service accepts ("
                + maxBody + " bytes): upload fewer records per chunk");
    }
}
