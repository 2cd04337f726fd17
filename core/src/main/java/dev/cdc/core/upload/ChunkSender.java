package dev.cdc.core.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdc.core.text.Printable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * Sends one chunk to the ingest service and retries what may succeed later: connection
 * failures, timeouts, 5xx, 408 and 429. Any other 4xx is the service saying the chunk is wrong,
 * which no retry fixes, so it ends the upload with the service's own message.
 *
 * <p>Chunks go over kept-alive {@link HttpConnection}s, one per chunk in flight, reused while the
 * service keeps them open. Safe for the threads that send an edge's chunks in flight at once.
 */
public final class ChunkSender implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Closes the socket of a try that ran past its deadline: the one bound that covers connect, send and reply. */
    private static final ScheduledExecutorService DEADLINES = deadlines();
    /** A connection idle longer than this is not reused: well under any idle timeout a service would set. */
    private static final long MAX_REUSE_IDLE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private final URI server;
    private final SSLContext tls;
    private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
    /** Every open connection, idle or busy, so that {@link #close} can cut tries still running. */
    private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final String token;
    private final RetryPolicy retry;
    private final Duration timeout;

    /** What the service said about a stored chunk. */
    public record Reply(boolean repeated, int bits, int records, double seconds, int attempts) {
    }

    /** Told about each failed try that will be retried. */
    public interface RetryListener {
        void retrying(long sequence, int attempt, String cause, Duration delay);
    }

    /**
     * @param server  the service's base address, e.g. {@code http://cloud:8750/}
     * @param tls     trust for an {@code https} service with a private certificate, or null for the JVM's default
     * @param timeout for one try: connecting, sending the chunk, and the reply
     */
    public ChunkSender(URI server, String token, SSLContext tls, RetryPolicy retry, Duration timeout) {
        String scheme = server.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || server.getHost() == null) {
            throw new IllegalArgumentException("the ingest service's address must be http://host:port/ or https://host:port/, not '"
                    + Printable.of(server.toString()) + "'");
        }
        if (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // It goes into a header line: a space, a line break or a control byte would end or forge it.
            throw new IllegalArgumentException("the edge's token must be printable ASCII without spaces, as `cdc token add` prints it");
        }
        this.tls = tls;
        this.server = server.getPath().endsWith("/") ? server : URI.create(server + "/");
        this.token = token;
        this.retry = retry;
        this.timeout = timeout;
    }

    public Reply put(String edge, String shard, long sequence, byte[] body, RetryListener listener) throws IOException {
        String path = server.resolve("v1/edges/" + edge + "/shards/" + shard + "/chunks/" + sequence).getRawPath();
        String lastCause = null;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            if (attempt > 1) {
                stopIfClosed(sequence);
                Duration delay = retry.delayBefore(attempt);
                listener.retrying(sequence, attempt, lastCause, delay);
                sleep(delay);
            }
            stopIfClosed(sequence);
            long started = System.nanoTime();
            HttpConnection.Reply response;
            try {
                response = exchange(path, body);
            } catch (IOException e) {
                lastCause = describe(e);
                continue;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            int status = response.status();
            if (status == 200 || status == 201) {
                return reply(response.body(), sequence, seconds, attempt);
            }
            String message = message(response.body());
            if (status >= 500 || status == 408 || status == 429) {
                lastCause = "HTTP " + status + ": " + message;
                continue;
            }
            throw new UploadException("the ingest service refused chunk " + sequence + " (HTTP " + status + "): " + message);
        }
        throw new UploadException("chunk " + sequence + " failed " + retry.attempts() + " tries; last: " + lastCause
                + ". The journal keeps what was acknowledged: run the same command again to resume");
    }

    /**
     * One try within the timeout, on a connection that idled briefly or a new one. Only a brief
     * idle counts: the service closes idle connections (after 10 s by default), and a PUT sent on
     * one it has just closed would fail for no fault of the chunk.
     */
    private HttpConnection.Reply exchange(String path, byte[] body) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Idle parked = idle.pollFirst(); parked != null; parked = idle.pollFirst()) {
            if (System.nanoTime() - parked.since() < MAX_REUSE_IDLE_NANOS) {
                return exchangeOn(parked.connection(), path, body, deadline);
            }
            release(parked.connection());
        }
        return exchangeOn(connect(deadline), path, body, deadline);
    }

    private void stopIfClosed(long sequence) throws UploadException {
        if (closed || Thread.currentThread().isInterrupted()) {
            throw new UploadException("the upload stopped while chunk " + sequence + " was being sent");
        }
    }

    /** A kept-alive connection waiting for the next chunk, and since when. */
    private record Idle(HttpConnection connection, long since) {
    }

    private HttpConnection connect(long deadline) throws IOException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        HttpConnection connection = HttpConnection.open(server, tls, millis);
        open.add(connection);
        if (closed) {
            release(connection);
            throw new IOException("the sender was closed");
        }
        return connection;
    }

    private HttpConnection.Reply exchangeOn(HttpConnection connection, String path, byte[] body, long deadline) throws IOException {
        // Set before the socket is closed, so that the failure it causes is known for what it is
        // (the future alone says "done" only once the close has returned).
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> cut = DEADLINES.schedule(() -> {
            expired.set(true);
            connection.close();
        }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        boolean keep = false;
        try {
            HttpConnection.Reply reply = connection.put(path, "Bearer " + token, body);
            keep = reply.reusable() && cut.cancel(false) && !closed;
            return reply;
        } catch (IOException e) {
            if (expired.get()) {
                throw new IOException("no reply within " + timeout.toSeconds() + " s", e);
            }
            throw e;
        } finally {
            cut.cancel(false);
            if (keep) {
                idle.addFirst(new Idle(connection, System.nanoTime()));
            } else {
                release(connection);
            }
        }
    }

    private void release(HttpConnection connection) {
        open.remove(connection);
        connection.close();
    }

    /** Closes every connection, cutting tries still in flight (they fail and are not retried). */
    @Override
    public void close() {
        closed = true;
        for (HttpConnection connection : open) {
            release(connection);
        }
        idle.clear();
    }

    private static ScheduledExecutorService deadlines() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "cdc-upload-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static Reply reply(String body, long sequence, double seconds, int attempt) throws UploadException {
        try {
            JsonNode json = JSON.readTree(body);
            return new Reply(json.get("repeated").asBoolean(), json.get("bits").asInt(), json.get("records").asInt(), seconds,
                    attempt);
        } catch (IOException | RuntimeException e) {
            throw new UploadException("the service acknowledged chunk " + sequence + " with an unreadable reply: " + Printable.of(body));
        }
    }

    private static String message(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.hasNonNull("message")) {
                return Printable.of(json.path("error").asText() + ": " + json.get("message").asText(), 300);
            }
        } catch (IOException e) {
            // not JSON: show it as it came, made printable
        }
        return Printable.of(body, 300);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static void sleep(Duration delay) throws UploadException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UploadException("interrupted while waiting to retry", e);
        }
    }
}
