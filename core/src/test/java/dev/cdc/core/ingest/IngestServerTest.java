package dev.cdc.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.shard.ShardChunks;
import dev.cdc.core.upload.SyntheticSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's routes, and every kind of bad request: each is refused with its 4xx and reason, and writes nothing. */
class IngestServerTest {
    private static final String CHUNK = "/v1/edges/edge-0/shards/s1/chunks/0";
    @TempDir
    Path dir;
    IngestFixture fixture;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    SyntheticSource source = new SyntheticSource(100, 7, IngestFixture.WIDTHS);

    @BeforeEach
    void start() throws IOException {
        fixture = new IngestFixture(dir, 2, 64 * 1024);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private HttpResponse<String> put(String path, String token, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(fixture.server.uri().resolve(path.substring(1)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(fixture.server.uri().resolve(path.substring(1))).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertRefused(HttpResponse<String> response, int status, RejectReason reason, String messagePart)
            throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"error\":\"" + reason.label() + "\""), response.body());
        assertTrue(response.body().contains(messagePart), response.body());
        assertEquals(1, fixture.server.metrics().rejections(reason), reason + " counted once");
        assertNothingStored();
    }

    private void assertNothingStored() throws IOException {
        try (Stream<Path> files = Files.walk(fixture.store)) {
            assertEquals(List.of(fixture.store), files.toList(), "nothing written for a refused request");
        }
    }

    @Test
    void storesAChunkOnceAndAcknowledgesRepeats() throws Exception {
        byte[] body = source.encode(2, 0, 50);
        HttpResponse<String> first = put(CHUNK, fixture.token(0), body);
        assertEquals(201, first.statusCode(), first.body());
        assertTrue(first.body().contains("\"stored\":true"), first.body());
        HttpResponse<String> again = put(CHUNK, fixture.token(0), source.encode(4, 0, 50));
        assertEquals(200, again.statusCode(), again.body());
        assertTrue(again.body().contains("\"repeated\":true") && again.body().contains("\"bits\":2"),
                "a repeat at another k is acknowledged with the stored k: " + again.body());
        assertEquals(1, fixture.server.metrics().chunks());
        assertEquals(1, fixture.server.metrics().repeats());
        assertEquals(body.length, fixture.server.metrics().bytes());
        assertEquals(50, fixture.server.metrics().records());
        HttpResponse<String> list = get("/v1/edges/edge-0/shards/s1/chunks", fixture.token(0));
        assertTrue(list.body().contains("\"sequences\":[0]"), list.body());
    }

    @Test
    void healthAndMetrics() throws Exception {
        assertEquals("{\"status\":\"ok\"}", get("/health", null).body());
        put(CHUNK, null, new byte[1]);
        HttpResponse<String> metrics = get("/metrics", null);
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(metrics.body().contains("# TYPE cdc_ingest_bytes_total counter\ncdc_ingest_bytes_total 0\n"), metrics.body());
        assertTrue(metrics.body().contains("cdc_ingest_rejections_total{reason=\"unauthorized\"} 1\n"), metrics.body());
    }

    @Test
    void missingTokenIs401() throws Exception {
        HttpResponse<String> response = put(CHUNK, null, source.encode(2, 0, 10));
        assertEquals("Bearer realm=\"cdc\"", response.headers().firstValue("WWW-Authenticate").orElse(""));
        assertRefused(response, 401, RejectReason.UNAUTHORIZED, "missing bearer token");
    }

    @Test
    void unknownTokenIs401() throws Exception {
        assertRefused(put(CHUNK, "cdc_not-a-token", source.encode(2, 0, 10)), 401, RejectReason.UNAUTHORIZED, "unknown bearer token");
    }

    @Test
    void anotherEdgesNamespaceIs403() throws Exception {
        assertRefused(put(CHUNK, fixture.token(1), source.encode(2, 0, 10)), 403, RejectReason.FORBIDDEN, "belongs to edge 'edge-1'");
        assertEquals(403, get("/v1/edges/edge-0/shards/s1/chunks", fixture.token(1)).statusCode());
    }

    @Test
    void crcMismatchIs400() throws Exception {
        byte[] body = source.encode(2, 0, 10);
        body[body.length - 20] ^= 0x10;
        assertRefused(put(CHUNK, fixture.token(0), body), 400, RejectReason.CRC_MISMATCH, "CRC32C");
    }

    @Test
    void headerCrcMismatchIs400() throws Exception {
        byte[] body = source.encode(2, 0, 10);
        body[20] ^= 0x01;
        assertRefused(put(CHUNK, fixture.token(0), body), 400, RejectReason.CRC_MISMATCH, "header fails its CRC32C check");
    }

    @Test
    void unknownFingerprintIs422() throws Exception {
        var foreign = new dev.cdc.core.shard.ShardHeader(dev.cdc.core.shard.ModelFingerprint.sha256("someone else"),
                dev.cdc.core.codec.CodecSpec.fixed(2, 0f, 1f), SyntheticSource.LATENT, dev.cdc.core.shard.LabelEncoding.U8, 10, "x");
        byte[] body = ShardChunks.singleChunkShard(foreign, new int[] {3}, new byte[foreign.recordBytes()]);
        assertRefused(put(CHUNK, fixture.token(0), body), 422, RejectReason.UNKNOWN_FINGERPRINT, "is not in the bundle");
    }

    @Test
    void widthWithoutDecoderIs422() throws Exception {
        SyntheticSource threeBit = new SyntheticSource(10, 7, 3);
        assertRefused(put(CHUNK, fixture.token(0), threeBit.encode(3, 0, 10)), 422, RejectReason.UNSUPPORTED_K,
                "codes are 3-bit but the bundle has decoders for k=[1, 2, 4, 8] only");
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        assertRefused(put(CHUNK, fixture.token(0), new byte[64 * 1024 + 1]), 413, RejectReason.OVERSIZED, "larger than this service");
    }

    @Test
    void garbageBodyIs400() throws Exception {
        assertRefused(put(CHUNK, fixture.token(0), "hello".getBytes(StandardCharsets.UTF_8)), 400, RejectReason.MALFORMED,
                "preamble");
    }

    @Test
    void twoChunksInOneBodyIs400() throws Exception {
        byte[] one = source.encode(2, 0, 10);
        byte[] chunk = Arrays.copyOfRange(one, one.length - (16 + 10 * 26 + 4), one.length);
        byte[] two = Arrays.copyOf(one, one.length + chunk.length);
        System.arraycopy(chunk, 0, two, one.length, chunk.length);
        assertRefused(put(CHUNK, fixture.token(0), two), 400, RejectReason.MALFORMED, "expected a .cdc file with exactly one chunk");
    }

    @Test
    void truncatedBodyIs400() throws Exception {
        byte[] body = source.encode(2, 0, 10);
        assertRefused(put(CHUNK, fixture.token(0), Arrays.copyOf(body, body.length - 7)), 400, RejectReason.MALFORMED, "torn");
    }

    @Test
    void badNamesAre400() throws Exception {
        assertRefused(put("/v1/edges/edge-0/shards/.hidden/chunks/0", fixture.token(0), source.encode(2, 0, 10)), 400,
                RejectReason.BAD_NAME, "shard id '.hidden'");
    }

    @Test
    void badSequenceIs400() throws Exception {
        assertRefused(put("/v1/edges/edge-0/shards/s1/chunks/-1", fixture.token(0), source.encode(2, 0, 10)), 400,
                RejectReason.BAD_NAME, "sequence number '-1'");
    }

    @Test
    void wrongMethodIs405() throws Exception {
        assertRefused(get(CHUNK, fixture.token(0)), 405, RejectReason.METHOD_NOT_ALLOWED, "expected PUT");
    }

    @Test
    void conflictingRepeatIs409() throws Exception {
        assertEquals(201, put(CHUNK, fixture.token(0), source.encode(2, 0, 10)).statusCode());
        HttpResponse<String> response = put(CHUNK, fixture.token(0), source.encode(2, 0, 11));
        assertEquals(409, response.statusCode(), response.body());
        assertTrue(response.body().contains("must always name the same records"), response.body());
        assertEquals(1, ChunkStore.chunkFiles(fixture.store).size());
    }

    @Test
    void pathTraversalIsRefused() throws Exception {
        String reply = raw("PUT /v1/edges/edge-0/shards/../../../etc/chunks/0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + fixture.token(0) + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", new byte[0]);
        assertTrue(reply.startsWith("HTTP/1.1 4"), reply);
        String encoded = raw("PUT /v1/edges/edge-0/shards/%2e%2e/chunks/0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + fixture.token(0) + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", new byte[0]);
        assertTrue(encoded.startsWith("HTTP/1.1 400"), encoded);
        assertNothingStored();
    }

    @Test
    void lyingContentLengthAndGarbageRequestLineWriteNothing() throws Exception {
        byte[] body = source.encode(2, 0, 10);
        String shortBody = raw("PUT " + CHUNK + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + fixture.token(0)
                + "\r\nContent-Length: " + (body.length + 100) + "\r\nConnection: close\r\n\r\n", body, true);
        assertTrue(shortBody.isEmpty() || shortBody.startsWith("HTTP/1.1 400"), shortBody);
        raw("\u0000\u0001garbage\r\n\r\n", new byte[0], true);
        String hugeHeader = raw("PUT " + CHUNK + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + fixture.token(0)
                + "\r\nContent-Length: 99999999999\r\nConnection: close\r\n\r\n", new byte[0], true);
        assertTrue(hugeHeader.startsWith("HTTP/1.1 413"), hugeHeader);
        assertNothingStored();
        assertEquals("{\"status\":\"ok\"}", get("/health", null).body(), "still serving");
    }

    private String raw(String head, byte[] body) throws IOException {
        return raw(head, body, false);
    }

    /** Sends bytes as they are; {@code halfClose} ends the upload early, as a client that lied about its length. */
    private String raw(String head, byte[] body, boolean halfClose) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), fixture.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            try {
                in.transferTo(reply);
            } catch (IOException e) {
                // a reset after the reply is fine
            }
            return reply.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void unknownRouteIs404() throws Exception {
        assertRefused(get("/v2/things", null), 404, RejectReason.NOT_FOUND, "no such resource: /v2/things");
    }
}
