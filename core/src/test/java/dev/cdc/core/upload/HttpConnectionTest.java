package dev.cdc.core.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The edge's HTTP client against servers that are not the ingest service: every reply it reads
 * is bounded in size and time, whatever the other end sends.
 */
class HttpConnectionTest {
    private static final byte[] BODY = "chunk".getBytes(StandardCharsets.US_ASCII);

    /** What a fake server does with each accepted connection after reading the request. */
    private interface Behaviour {
        void reply(OutputStream out) throws IOException, InterruptedException;
    }

    /** A one-thread server on loopback that reads each request's head and body, then behaves as told. */
    private static final class FakeServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        private final Thread thread;

        FakeServer(Behaviour behaviour) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        connections.incrementAndGet();
                        InputStream in = client.getInputStream();
                        while (readRequest(in)) {
                            behaviour.reply(client.getOutputStream());
                        }
                    } catch (IOException | InterruptedException e) {
                        // the client went away or the test ended
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        /** Reads one request (head, then Content-Length bytes); false at the end of the stream. */
        private static boolean readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    return false;
                }
                head.append((char) c);
            }
            int at = head.indexOf("Content-Length: ");
            int length = Integer.parseInt(head.substring(at + 16, head.indexOf("\r\n", at)));
            in.readNBytes(length);
            return true;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static HttpConnection.Reply put(FakeServer server) throws IOException {
        try (HttpConnection connection = HttpConnection.open(server.uri(), null, 5000)) {
            return connection.put("/v1/x", "Bearer t", BODY);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Test
    void readsContentLengthAndChunkedRepliesAndSkipsInterimOnes() throws Exception {
        try (FakeServer fixed = new FakeServer(out -> write(out, "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}"))) {
            HttpConnection.Reply reply = put(fixed);
            assertEquals(201, reply.status());
            assertEquals("{}", reply.body());
            assertTrue(reply.reusable());
        }
        try (FakeServer chunked = new FakeServer(out -> write(out,
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: 1\r\n\r\n"))) {
            HttpConnection.Reply reply = put(chunked);
            assertEquals(200, reply.status());
            assertEquals("abcde", reply.body());
            assertTrue(reply.reusable());
        }
        try (FakeServer closing = new FakeServer(out -> write(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"))) {
            assertFalse(put(closing).reusable(), "a reply that says close ends the connection's use");
        }
    }

    @Test
    void endlessHeadersAndBodiesAreCutAtTheirBounds() throws Exception {
        try (FakeServer endlessHeader = new FakeServer(out -> {
            write(out, "HTTP/1.1 200 OK\r\nX: ");
            byte[] junk = new byte[4096];
            java.util.Arrays.fill(junk, (byte) 'a');
            for (int i = 0; i < 1000; i++) {
                out.write(junk);
            }
        })) {
            IOException e = assertThrows(IOException.class, () -> put(endlessHeader));
            assertTrue(e.getMessage().contains("exceed " + HttpConnection.MAX_HEAD_BYTES), e.getMessage());
        }
        try (FakeServer hugeBody = new FakeServer(out -> {
            write(out, "HTTP/1.1 500 Oops\r\nContent-Length: 100000000\r\n\r\n");
            out.write(new byte[1 << 20]);
        })) {
            HttpConnection.Reply reply = put(hugeBody);
            assertEquals(500, reply.status());
            assertEquals(HttpConnection.MAX_BODY_BYTES, reply.body().length());
            assertFalse(reply.reusable());
        }
        try (FakeServer notHttp = new FakeServer(out -> write(out, "SSH-2.0-OpenSSH\u0007\r\n\r\n"))) {
            IOException e = assertThrows(IOException.class, () -> put(notHttp));
            assertTrue(e.getMessage().contains("not HTTP/1.x") && e.getMessage().contains("\\u0007"), e.getMessage());
        }
        try (FakeServer badLength = new FakeServer(out -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n"))) {
            assertTrue(assertThrows(IOException.class, () -> put(badLength)).getMessage().contains("invalid Content-Length"));
        }
    }

    @Test
    void aTricklingServerIsCutAtTheTrysDeadline() throws Exception {
        try (FakeServer trickle = new FakeServer(out -> {
            write(out, "HTTP/1.1 200 OK\r\n");
            for (int i = 0; i < 600; i++) {
                write(out, "X: y\r\n"); // a header every 100 ms: each read is quick, the reply never ends
                Thread.sleep(100);
            }
        })) {
            ChunkSender sender = new ChunkSender(trickle.uri(), "t", null, new RetryPolicy(1, Duration.ofMillis(1),
                    Duration.ofMillis(1)), Duration.ofSeconds(1));
            UploadException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(UploadException.class,
                    () -> sender.put("edge-0", "s", 0, BODY, (s, a, c, d) -> { })));
            assertTrue(e.getMessage().contains("no reply within 1 s"), e.getMessage());
            sender.close();
        }
    }

    @Test
    void keptAliveConnectionsCarryTheNextChunks() throws Exception {
        try (FakeServer server = new FakeServer(out -> write(out,
                "HTTP/1.1 201 Created\r\nContent-Length: 45\r\n\r\n{\"repeated\":false,\"bits\":2,\"records\":1234567}"));
                ChunkSender sender = new ChunkSender(server.uri(), "t", null, RetryPolicy.DEFAULT, Duration.ofSeconds(5))) {
            for (int chunk = 0; chunk < 5; chunk++) {
                assertEquals(1234567, sender.put("edge-0", "s", chunk, BODY, (s, a, c, d) -> { }).records());
            }
            assertEquals(1, server.connections.get(), "one connection for five chunks sent one after another");
        }
    }

    @Test
    void anAddressThatIsNotHttpOrATokenThatWouldForgeHeadersIsRefusedUpFront() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ChunkSender(URI.create("ftp://cloud/"), "t",
                null, RetryPolicy.DEFAULT, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("http://host:port/"), e.getMessage());
        for (String token : new String[] {"abc\r\nX-Forged: 1", "a b", ""}) {
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new ChunkSender(
                    URI.create("http://127.0.0.1:1/"), token, null, RetryPolicy.DEFAULT, Duration.ofSeconds(1)));
            assertTrue(bad.getMessage().contains("printable ASCII without spaces") && !bad.getMessage().contains("Forged"),
                    bad.getMessage());
        }
    }
}
