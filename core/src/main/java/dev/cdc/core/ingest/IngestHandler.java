package dev.cdc.core.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdc.core.text.Printable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Routes of the ingest service:
 * <ul>
 * <li>{@code PUT /v1/edges/EDGE/shards/SHARD/chunks/SEQ}: store one chunk (a one-chunk .cdc file);
 *     201 when stored, 200 when it was stored before;</li>
 * <li>{@code GET /v1/edges/EDGE/shards/SHARD/chunks}: the sequence numbers stored;</li>
 * <li>{@code GET /health}, {@code GET /metrics}.</li>
 * </ul>
 * Every refusal is a 4xx with a JSON body {@code {"error": reason, "message": text}}, counted in
 * the metrics, and writes nothing. A Jetty handler: a body is read as it arrives
 * ({@link BodyReader}), without a worker waiting on it, and the reply is written without a worker
 * waiting for the client to take it; a worker runs only the checks and the store's fsyncs.
 */
final class IngestHandler extends Handler.Abstract {
    private static final Logger LOG = Logger.getLogger(IngestHandler.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SEQUENCE_DIGITS = 12;
    private final ChunkStore store;
    private final ChunkAcceptance acceptance;
    private final EdgeTokens tokens;
    private final IngestMetrics metrics;
    private final long maxBody;
    private final long minBodyBytesPerSecond;

    IngestHandler(ChunkStore store, ChunkAcceptance acceptance, EdgeTokens tokens, IngestMetrics metrics, long maxBody,
            long minBodyBytesPerSecond) {
        super(InvocationType.BLOCKING); // storing a chunk waits for fsyncs
        this.store = store;
        this.acceptance = acceptance;
        this.tokens = tokens;
        this.metrics = metrics;
        this.maxBody = maxBody;
        this.minBodyBytesPerSecond = minBodyBytesPerSecond;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        new Exchange(request, response, callback).route();
        return true;
    }

    /** One request and its reply; every path through it ends in exactly one reply or one failed callback. */
    private final class Exchange implements BodyReader.Outcome {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private String edge;
        private String shard;
        private long sequence;

        Exchange(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        void route() {
            try {
                routeOrThrow();
            } catch (IngestRejection rejection) {
                refused(rejection);
            } catch (IOException e) {
                failedToServe(e);
            } catch (RuntimeException e) {
                failedToServe(e);
            }
        }

        private void routeOrThrow() throws IOException, IngestRejection {
            String path = request.getHttpURI().getPath();
            String method = request.getMethod();
            if (path.equals("/health")) {
                requireMethod(method, "GET");
                sendJson(200, Map.of("status", "ok"));
                return;
            }
            if (path.equals("/metrics")) {
                requireMethod(method, "GET");
                send(200, "text/plain; version=0.0.4; charset=utf-8", metrics.prometheusText().getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!path.startsWith("/v1/")) {
                throw new IngestRejection(RejectReason.NOT_FOUND, "no such resource: " + Printable.of(path)
                        + " (expected /v1/edges/EDGE/shards/SHARD/chunks/SEQ, /health or /metrics)");
            }
            edge = authenticate();
            List<String> parts = List.of(path.substring(1).split("/", -1));
            if (parts.size() < 6 || !parts.get(1).equals("edges") || !parts.get(3).equals("shards") || !parts.get(5).equals("chunks")
                    || parts.size() > 7) {
                throw new IngestRejection(RejectReason.NOT_FOUND, "no such resource: " + Printable.of(path)
                        + " (expected /v1/edges/EDGE/shards/SHARD/chunks[/SEQ])");
            }
            String pathEdge = name("edge name", parts.get(2));
            shard = name("shard id", parts.get(4));
            if (!pathEdge.equals(edge)) {
                throw new IngestRejection(RejectReason.FORBIDDEN, "this token belongs to edge '" + edge
                        + "', which may write and read only under /v1/edges/" + edge + "/");
            }
            if (parts.size() == 6) {
                requireMethod(method, "GET");
                sendJson(200, Map.of("edge", edge, "shard", shard, "sequences", store.sequences(edge, shard)));
                return;
            }
            sequence = sequence(parts.get(6));
            requireMethod(method, "PUT");
            BodyReader.read(request, maxBody, minBodyBytesPerSecond, this);
        }

        /** The whole body is here: check it, store it, answer. */
        @Override
        public void body(byte[] body) {
            try {
                ChunkAcceptance.Accepted accepted = acceptance.check(body);
                int bits = accepted.header().codec().bits();
                ChunkStore.Outcome outcome = store.put(edge, shard, sequence, body, accepted.records(), bits);
                if (outcome.repeated()) {
                    metrics.repeated();
                } else {
                    metrics.stored(body.length, accepted.records());
                }
                Map<String, Object> reply = new LinkedHashMap<>();
                reply.put("stored", !outcome.repeated());
                reply.put("repeated", outcome.repeated());
                reply.put("sequence", sequence);
                reply.put("records", accepted.records());
                reply.put("bits", outcome.bits());
                sendJson(outcome.repeated() ? 200 : 201, reply);
            } catch (IngestRejection rejection) {
                refused(rejection);
            } catch (IOException | RuntimeException e) {
                failedToServe(e);
            }
        }

        @Override
        public void refused(IngestRejection rejection) {
            metrics.rejected(rejection.reason());
            LOG.info(() -> "refused " + describe() + ": " + rejection.reason().label() + ": " + rejection.getMessage());
            if (rejection.reason() == RejectReason.UNAUTHORIZED) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"cdc\"");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", rejection.reason().label());
            body.put("message", rejection.getMessage());
            try {
                sendJson(rejection.reason().status(), body);
            } catch (IOException e) {
                callback.failed(e);
            }
        }

        /**
         * The client went silent under its body past the idle timeout (a 408 it may still read),
         * or hung up (one line, and the edge retries).
         */
        @Override
        public void broken(Throwable cause) {
            if (cause instanceof TimeoutException) {
                refused(new IngestRejection(RejectReason.TOO_SLOW, "no body bytes arrived for the idle timeout: retry on a better"
                        + " link"));
                return;
            }
            LOG.warning(() -> "request " + describe() + " broken: " + Printable.of(String.valueOf(cause.getMessage())));
            callback.failed(cause);
        }

        /**
         * The service's own trouble: a full disk (one line; the edge retries) or a bug of this
         * service (the whole trace, once per request it breaks).
         */
        private void failedToServe(Exception e) {
            if (e instanceof IOException) {
                LOG.warning(() -> "request " + describe() + " failed: " + Printable.of(String.valueOf(e.getMessage())));
            } else {
                LOG.log(Level.WARNING, "request " + describe() + " failed", e);
            }
            if (response.isCommitted()) {
                callback.failed(e); // the reply had started; cutting it makes the edge retry
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "internal");
            body.put("message", "the ingest service could not store the chunk: " + Printable.of(String.valueOf(e.getMessage()))
                    + "; retry later");
            try {
                sendJson(500, body);
            } catch (IOException io) {
                callback.failed(io);
            }
        }

        /** {@code PUT /v1/... from 10.0.0.7}, with the path made safe to log. */
        private String describe() {
            return Printable.of(request.getMethod(), 16) + " " + Printable.of(request.getHttpURI().getPath(), 120) + " from "
                    + Request.getRemoteAddr(request);
        }

        private String authenticate() throws IngestRejection {
            String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new IngestRejection(RejectReason.UNAUTHORIZED, "missing bearer token: expected 'Authorization: Bearer TOKEN'"
                        + " with the edge's token from `cdc token add`");
            }
            Optional<String> owner = tokens.edgeFor(header.substring(7).trim());
            if (owner.isEmpty()) {
                throw new IngestRejection(RejectReason.UNAUTHORIZED, "unknown bearer token: expected a token from `cdc token add`");
            }
            return owner.get();
        }

        private void sendJson(int status, Object body) throws IOException {
            send(status, "application/json", JSON.writeValueAsBytes(body));
        }

        /** Writes the whole reply at once; the callback completes the exchange when the client has it (or fails). */
        private void send(int status, String contentType, byte[] body) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }

    private static String name(String what, String value) throws IngestRejection {
        if (!UploadNames.isValid(value)) {
            throw new IngestRejection(RejectReason.BAD_NAME, what + " '" + Printable.of(value) + "' is not valid: expected 1 to 64 letters,"
                    + " digits, '.', '-' or '_', not starting with '.'");
        }
        return value;
    }

    private static long sequence(String value) throws IngestRejection {
        if (value.isEmpty() || value.length() > MAX_SEQUENCE_DIGITS || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IngestRejection(RejectReason.BAD_NAME, "sequence number '" + Printable.of(value) + "' is not valid: expected 1 to "
                    + MAX_SEQUENCE_DIGITS + " decimal digits");
        }
        return Long.parseLong(value);
    }

    private static void requireMethod(String method, String expected) throws IngestRejection {
        if (!method.equals(expected)) {
            throw new IngestRejection(RejectReason.METHOD_NOT_ALLOWED, "method " + Printable.of(method, 16) + " is not allowed here: expected "
                    + expected);
        }
    }
}
