package dev.cdc.core.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Sends one chunk to the ingest service and retries what may succeed later: connection
 * failures, timeouts, 5xx, 408 and 429. Any other 4xx is the service saying the chunk is wrong,
 * which no retry fixes, so it ends the upload with the service's own message.
 */
public final class ChunkSender {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client;
    private final URI server;
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
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.client = builder.build();
        this.server = server.getPath().endsWith("/") ? server : URI.create(server + "/");
        this.token = token;
        this.retry = retry;
        this.timeout = timeout;
    }

    public Reply put(String edge, String shard, long sequence, byte[] body, RetryListener listener) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(server.resolve("v1/edges/" + edge + "/shards/" + shard + "/chunks/" + sequence))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        String lastCause = null;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            if (attempt > 1) {
                Duration delay = retry.delayBefore(attempt);
                listener.retrying(sequence, attempt, lastCause, delay);
                sleep(delay);
            }
            long started = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                lastCause = describe(e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UploadException("interrupted while sending chunk " + sequence, e);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            int status = response.statusCode();
            if (status == 200 || status == 201) {
                return reply(response.body(), sequence, seconds, attempt);
            }
            String message = message(response);
            if (status >= 500 || status == 408 || status == 429) {
                lastCause = "HTTP " + status + ": " + message;
                continue;
            }
            throw new UploadException("the ingest service refused chunk " + sequence + " (HTTP " + status + "): " + message);
        }
        throw new UploadException("chunk " + sequence + " failed " + retry.attempts() + " tries; last: " + lastCause
                + ". The journal keeps what was acknowledged: run the same command again to resume");
    }

    private static Reply reply(String body, long sequence, double seconds, int attempt) throws UploadException {
        try {
            JsonNode json = JSON.readTree(body);
            return new Reply(json.get("repeated").asBoolean(), json.get("bits").asInt(), json.get("records").asInt(), seconds,
                    attempt);
        } catch (IOException | RuntimeException e) {
            throw new UploadException("the service acknowledged chunk " + sequence + " with an unreadable reply: " + body);
        }
    }

    private static String message(HttpResponse<String> response) {
        try {
            JsonNode json = JSON.readTree(response.body());
            if (json != null && json.hasNonNull("message")) {
                return json.get("error").asText() + ": " + json.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON: show it as it came
        }
        String body = response.body();
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
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
