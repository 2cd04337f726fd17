package dev.cdc.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.shard.PoisonedChunks;
import dev.cdc.core.upload.SyntheticSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service under hostile clients, all on loopback: connections that never finish their
 * headers or send nothing, a trickling body, a huge request line, one host opening too many
 * connections, and poisoned labels. Each ends cleanly: the service keeps answering, honest edges
 * keep storing, and nothing the cloud cannot train on is stored.
 */
class HostileClientsTest {
    @TempDir
    Path dir;
    IngestFixture fixture;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final SyntheticSource source = new SyntheticSource(256, 3, IngestFixture.WIDTHS);

    @BeforeEach
    void start() throws IOException {
        fixture = new IngestFixture(dir, 1, 1 << 20);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private HttpResponse<String> put(long sequence, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(fixture.server.uri().resolve("v1/edges/edge-0/shards/s/chunks/" + sequence))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + fixture.token(0))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private byte[] chunk(int first) {
        return source.encode(2, first, 64);
    }

    @Test
    void slowHeaderAndIdleClientsNeitherFreezeTheServiceNorFailAnUpload() throws Exception {
        long attackStarted = System.nanoTime();
        try (IngestAttack attack = IngestAttack.start(fixture.server.uri(), 200, 200, IngestAttack.loopbackSources(8),
                Duration.ofSeconds(1))) {
            Thread.sleep(2500); // the attack takes its connections and trickles at least twice
            for (int c = 0; c < 20; c++) {
                HttpResponse<String> response = put(c, chunk(c * 8));
                assertEquals(201, response.statusCode(), "chunk " + c + " under attack: " + response.body());
            }
            // Past the 10 s limits: idle connections and headers that never end are closed (and come back).
            while (System.nanoTime() - attackStarted < 13_000_000_000L) {
                Thread.sleep(200);
            }
            IngestAttack.Report report = attack.report();
            assertTrue(report.connectionsMade() >= 800, "every attacking connection was closed once and came back: " + report);
            assertTrue(report.healthChecks() >= 5 && report.failedHealthChecks() == 0, "GET /health answered: " + report);
            assertTrue(report.slowestHealthSeconds() < 1, "GET /health within 1 s throughout: " + report);
        }
        assertEquals(20, fixture.server.metrics().chunks());
    }

    @Test
    void aHostOpeningTooManyConnectionsLosesTheExtraOnes() throws Exception {
        InetAddress host = InetAddress.getByAddress(new byte[] {127, 0, 0, 42});
        List<Socket> sockets = new ArrayList<>();
        try {
            int limit = IngestServer.Limits.defaults().maxConnectionsPerAddress();
            for (int i = 0; i < limit + 10; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(host, 0));
                socket.connect(new InetSocketAddress(fixture.server.uri().getHost(), fixture.server.port()), 5000);
                sockets.add(socket);
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (fixture.server.metrics().refusedConnections() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(10, fixture.server.metrics().refusedConnections(), "the connections past the limit are closed");
            assertEquals(201, put(0, chunk(0)).statusCode(), "other hosts are served meanwhile");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void aTricklingBodyIsCutAndStoresNothing() throws Exception {
        byte[] body = chunk(0);
        long started = System.nanoTime();
        try (Socket socket = new Socket(fixture.server.uri().getHost(), fixture.server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /v1/edges/edge-0/shards/s/chunks/0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + fixture.token(0)
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                // One byte a second: far below the 256 bytes a second the service asks of a body.
                for (int i = 0; i < 40 && !socket.isClosed(); i++) {
                    out.write(body[i]);
                    out.flush();
                    Thread.sleep(1000);
                    if (socket.getInputStream().available() > 0) {
                        break;
                    }
                }
            } catch (SocketException cut) {
                // the service closed the connection: what should happen
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(seconds < 35, "the slow body was cut within its time limits: " + seconds + " s");
        assertTrue(fixture.store.toFile().list() == null || ChunkStore.chunkFiles(fixture.store).isEmpty(), "nothing stored");
        assertEquals(201, put(0, body).statusCode(), "the same chunk sent properly is stored");
    }

    /** A body that stops arriving holds no worker, and after the idle timeout gets a 408 its client can read. */
    @Test
    void aBodyThatStopsGetsA408AndStoresNothing() throws Exception {
        byte[] body = chunk(0);
        long started = System.nanoTime();
        String answer;
        try (Socket socket = new Socket(fixture.server.uri().getHost(), fixture.server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /v1/edges/edge-0/shards/s/chunks/0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + fixture.token(0)
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 10);
            out.flush();
            answer = readSome(socket.getInputStream());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(answer.startsWith("HTTP/1.1 408") && answer.contains("too_slow"), answer);
        assertTrue(seconds < 20, "answered after the 10 s idle timeout, not later: " + seconds + " s");
        assertTrue(fixture.store.toFile().list() == null || ChunkStore.chunkFiles(fixture.store).isEmpty(), "nothing stored");
    }

    @Test
    void aHugeRequestLineIsRefusedAtOnce() throws Exception {
        try (Socket socket = new Socket(fixture.server.uri().getHost(), fixture.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            byte[] line = ("GET /" + "a".repeat(1 << 20) + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            String answer;
            try {
                out.write(line);
                out.flush();
                answer = readSome(socket.getInputStream());
            } catch (SocketException cut) {
                answer = "connection closed";
            }
            assertTrue(answer.startsWith("HTTP/1.1 414") || answer.startsWith("HTTP/1.1 431") || answer.equals("connection closed"),
                    "refused: " + answer.lines().findFirst().orElse(""));
        }
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(fixture.server.uri().resolve("health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
    }

    private static String readSome(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n = in.read(buffer);
        if (n > 0) {
            bytes.write(buffer, 0, n);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void poisonedLabelsAreRefusedAndTheCorrectChunkIsStoredAfterwards() throws Exception {
        // Every label past the 10 classes, the CRCs computed over them.
        HttpResponse<String> refused = put(0, PoisonedChunks.withLabel(source.header(2), 64, 200));
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains(RejectReason.INVALID_RECORDS.label()) && refused.body().contains("label 200"),
                refused.body());
        assertTrue(ChunkStore.chunkFiles(fixture.store).isEmpty(), "the poison was not stored");
        assertEquals(201, put(0, chunk(0)).statusCode(), "the correct upload of that sequence number is stored, not 'repeated'");
        assertEquals(0, StoreAudit.check(fixture.store, new ChunkAcceptance(fixture.bundle)).bad().size());
    }

    @Test
    void aPoisonedChunkAlreadyInAStoreIsFoundAndQuarantined() throws Exception {
        assertEquals(201, put(0, chunk(0)).statusCode());
        // A chunk stored by an older service that did not check labels:
        Path stored = ChunkStore.chunkFile(fixture.store, "edge-0", "s", 1);
        Files.write(stored, PoisonedChunks.withLabel(source.header(2), 64, 200));
        StoreAudit.Report report = StoreAudit.check(fixture.store, null);
        assertEquals(2, report.chunks());
        assertEquals(1, report.bad().size());
        assertTrue(report.bad().get(0).problem().contains("label 200"), report.bad().get(0).problem());
        Path moved = StoreAudit.quarantine(fixture.store, stored, report.bad().get(0).problem());
        assertTrue(Files.exists(moved) && Files.readString(moved.resolveSibling(moved.getFileName() + ".reason")).contains("label"));
        assertEquals(List.of(ChunkStore.chunkFile(fixture.store, "edge-0", "s", 0)), ChunkStore.chunkFiles(fixture.store),
                "the quarantine is out of every scan of the store");
        assertEquals(201, put(1, chunk(64)).statusCode(), "the sequence number is free for a correct upload");
    }
}
