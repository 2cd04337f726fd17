package dev.cdc.core.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The least an HTTP/1.1 client can do to PUT chunks: one keep-alive connection, the request
 * written in one go, the reply's status line and length read, nothing else. {@link IngestBenchmark}
 * uses it beside the JDK client that {@code cdc upload} uses, so that the cost of the service
 * alone shows: on a machine where edges and service share the cores, the edges' client is part of
 * what the plain figure measures. Not for uploads: no TLS, no retries, no chunked replies.
 */
final class MinimalHttpClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    MinimalHttpClient(InetSocketAddress service) throws IOException {
        socket = new Socket(service.getAddress(), service.getPort());
        socket.setTcpNoDelay(true);
        out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        in = new BufferedInputStream(socket.getInputStream());
    }

    /** PUTs {@code body} to {@code path}; returns once a 200 or 201 is read, else throws with the status. */
    void put(String path, String token, byte[] body) throws IOException {
        String head = "PUT " + path + " HTTP/1.1\r\nHost: cdc\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String status = line();
        int length = 0;
        for (String header = line(); !header.isEmpty(); header = line()) {
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        in.readNBytes(length);
        if (!status.startsWith("HTTP/1.1 200") && !status.startsWith("HTTP/1.1 201")) {
            throw new IOException("the service answered '" + status + "' to " + path);
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the service closed the connection mid-reply");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
