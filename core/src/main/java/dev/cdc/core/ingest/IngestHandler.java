package dev.cdc.core.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.cdc.core.text.Printable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes of the ingest service:
 * <ul>
 * <li>{@code PUT /v1/edges/EDGE/shards/SHARD/chunks/SEQ}: store one chunk (a one-chunk .cdc file);
 *     201 when stored, 200 when it was stored before;</li>
 * <li>{@code GET /v1/edges/EDGE/shards/SHARD/chunks}: the sequence numbers stored;</li>
 * <li>{@code GET /health}, {@code GET /metrics}.</li>
 * </ul>
 * Every refusal is a 4xx with a JSON body {@code {"error": reason, "message": text}}, counted in
 * the metrics, and writes nothing.
 */
final class IngestHandler implements HttpHandler {
    private static final Logger LOG = Logger.getLogger(IngestHandler.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SEQUENCE_DIGITS = 12;
    private final ChunkStore store;
    private final ChunkAcceptance acceptance;
    private final EdgeTokens tokens;
    private final IngestMetrics metrics;
    /** Seconds a body may take before the minimum rate applies: a connection's first packets are slow. */
    private static final double BODY_GRACE_SECONDS = 5;
    /** Most of a declared body allocated before it arrives: larger bodies grow as their bytes come. */
    private static final int FIRST_BUFFER = 1 << 20;
    private final long maxBody;
    private final long minBodyBytesPerSecond;

    IngestHandler(ChunkStore store, ChunkAcceptance acceptance, EdgeTokens tokens, IngestMetrics metrics, long maxBody,
            long minBodyBytesPerSecond) {
        this.store = store;
        this.acceptance = acceptance;
        this.tokens = tokens;
        this.metrics = metrics;
        this.maxBody = maxBody;
        this.minBodyBytesPerSecond = minBodyBytesPerSecond;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (IngestRejection rejection) {
                metrics.rejected(rejection.reason());
                LOG.info(() -> "refused " + describe(exchange) + ": " + rejection.reason().label() + ": " + rejection.getMessage());
                if (rejection.reason() == RejectReason.UNAUTHORIZED) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"cdc\"");
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", rejection.reason().label());
                body.put("message", rejection.getMessage());
                sendJson(exchange, rejection.reason().status(), body);
            } catch (IOException e) {
                // A client that hung up, or the server's own trouble (a full disk, say): one line, and
                // the edge retries. A stack trace per disconnecting client would bury the log.
                LOG.warning(() -> "request " + describe(exchange) + " broken: " + Printable.of(String.valueOf(e.getMessage())));
                if (exchange.getResponseCode() != -1) {
                    return; // the reply had started; closing the exchange cuts it, and the edge retries
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", "internal");
                body.put("message", "the ingest service could not store the chunk: " + Printable.of(String.valueOf(e.getMessage()))
                        + "; retry later");
                sendJson(exchange, 500, body);
            } catch (RuntimeException e) {
                // A bug of this service: the whole trace, once per request it breaks.
                LOG.log(Level.WARNING, "request " + describe(exchange) + " failed", e);
                if (exchange.getResponseCode() != -1) {
                    return;
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", "internal");
                body.put("message", "the ingest service could not store the chunk: " + Printable.of(String.valueOf(e.getMessage()))
                        + "; retry later");
                sendJson(exchange, 500, body);
            }
        }
    }

    /** {@code PUT /v1/... from 10.0.0.7}, with the path made safe to log. */
    private static String describe(HttpExchange exchange) {
        return Printable.of(exchange.getRequestMethod(), 16) + " " + Printable.of(exchange.getRequestURI().getRawPath(), 120)
                + " from " + (exchange.getRemoteAddress() == null ? "?" : exchange.getRemoteAddress().getAddress().getHostAddress());
    }

    private void route(HttpExchange exchange) throws IOException, IngestRejection {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/health")) {
            requireMethod(method, "GET");
            sendJson(exchange, 200, Map.of("status", "ok"));
            return;
        }
        if (path.equals("/metrics")) {
            requireMethod(method, "GET");
            byte[] text = metrics.prometheusText().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            send(exchange, 200, text);
            return;
        }
        if (!path.startsWith("/v1/")) {
            throw new IngestRejection(RejectReason.NOT_FOUND, "no such resource: " + Printable.of(path)
                    + " (expected /v1/edges/EDGE/shards/SHARD/chunks/SEQ, /health or /metrics)");
        }
        String edge = authenticate(exchange);
        List<String> parts = List.of(path.substring(1).split("/", -1));
        if (parts.size() < 6 || !parts.get(1).equals("edges") || !parts.get(3).equals("shards") || !parts.get(5).equals("chunks")
                || parts.size() > 7) {
            throw new IngestRejection(RejectReason.NOT_FOUND, "no such resource: " + Printable.of(path)
                    + " (expected /v1/edges/EDGE/shards/SHARD/chunks[/SEQ])");
        }
        String pathEdge = name("edge name", parts.get(2));
        String shard = name("shard id", parts.get(4));
        if (!pathEdge.equals(edge)) {
            throw new IngestRejection(RejectReason.FORBIDDEN, "this token belongs to edge '" + edge
                    + "', which may write and read only under /v1/edges/" + edge + "/");
        }
        if (parts.size() == 6) {
            requireMethod(method, "GET");
            sendJson(exchange, 200, Map.of("edge", edge, "shard", shard, "sequences", store.sequences(edge, shard)));
            return;
        }
        long sequence = sequence(parts.get(6));
        requireMethod(method, "PUT");
        put(exchange, edge, shard, sequence);
    }

    private void put(HttpExchange exchange, String edge, String shard, long sequence) throws IOException, IngestRejection {
        byte[] body = readBody(exchange);
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
        sendJson(exchange, outcome.repeated() ? 200 : 201, reply);
    }

    private String authenticate(HttpExchange exchange) throws IngestRejection {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new IngestRejection(RejectReason.UNAUTHORIZED, "missing bearer token: expected 'Authorization: Bearer TOKEN'"
                    + " with the edge's token from `cdc token add`");
        }
        Optional<String> edge = tokens.edgeFor(header.substring(7).trim());
        if (edge.isEmpty()) {
            throw new IngestRejection(RejectReason.UNAUTHORIZED, "unknown bearer token: expected a token from `cdc token add`");
        }
        return edge.get();
    }

    /**
     * Reads the body, refusing it before reading when its declared length is too large and
     * while reading when an undeclared (chunked) length grows too large.
     */
    private byte[] readBody(HttpExchange exchange) throws IOException, IngestRejection {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw new IngestRejection(RejectReason.MALFORMED, "Content-Length '" + Printable.of(declared) + "' is not a number");
            }
            if (length > maxBody) {
                throw oversized(length);
            }
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = readPaced(in, (int) Math.min(maxBody + 1, Integer.MAX_VALUE - 8), length);
        } catch (IOException e) {
            throw new IngestRejection(RejectReason.MALFORMED, "the body ended before its declared length ("
                    + Printable.of(String.valueOf(e.getMessage())) + "): expected Content-Length bytes");
        }
        if (body.length > maxBody) {
            throw oversized(body.length);
        }
        return body;
    }

    /**
     * Up to {@code limit} bytes of the body, refused once it falls behind the minimum rate after a
     * short grace: a client trickling its body would otherwise hold a worker for as long as it
     * likes (each read returns within the connection's idle timeout, so this is checked often).
     * A declared length sizes the buffer, so a chunk is read into its final array with no copy;
     * but at most {@link #FIRST_BUFFER} of it is allocated before its bytes arrive, so a declared
     * size alone reserves little memory.
     */
    private byte[] readPaced(InputStream in, int limit, long declared) throws IOException, IngestRejection {
        long started = System.nanoTime();
        byte[] body = new byte[(int) Math.min(limit, declared >= 0 ? Math.min(declared, FIRST_BUFFER) : 16 * 1024)];
        int size = 0;
        while (size < limit && size != declared) { // the server delivers no more than the declared length
            if (size == body.length) {
                body = Arrays.copyOf(body, (int) Math.min(limit, Math.max(16 * 1024, 2L * body.length)));
            }
            int n = in.read(body, size, body.length - size);
            if (n < 0) {
                break;
            }
            size += n;
            double seconds = (System.nanoTime() - started) / 1e9;
            if (seconds > BODY_GRACE_SECONDS && size < minBodyBytesPerSecond * (seconds - BODY_GRACE_SECONDS)) {
                throw new IngestRejection(RejectReason.TOO_SLOW, String.format("the body arrived at %.0f bytes/s, slower than"
                        + " the %d bytes/s this service needs: retry on a better link", size / seconds,
                        minBodyBytesPerSecond));
            }
        }
        return size == body.length ? body : Arrays.copyOf(body, size);
    }

    private IngestRejection oversized(long length) {
        return new IngestRejection(RejectReason.OVERSIZED, "body of " + length + " bytes is larger than this service accepts ("
                + maxBody + " bytes): upload fewer records per chunk");
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

    private static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
