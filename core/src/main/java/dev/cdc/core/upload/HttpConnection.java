package dev.cdc.core.upload;

import dev.cdc.core.text.Printable;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 connection to the ingest service: a request written in one go, the reply read with
 * every size bounded, since the other end may not be the service at all (a proxy's error page, a
 * hostile host). Blocking on purpose: an edge sends a handful of chunks at once, and a thread per
 * chunk in flight costs far less CPU on a small board than the JDK client's selector and futures.
 * Time is bounded by the caller, who closes the socket when a try's deadline passes.
 */
final class HttpConnection implements AutoCloseable {
    /** Status line plus headers; the service sends a few hundred bytes. */
    static final int MAX_HEAD_BYTES = 16 * 1024;
    /** Reply bodies are short JSON; longer ones are cut here and the connection not reused. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String hostHeader;

    /** The status, the (possibly cut) body, and whether the connection may carry another request. */
    record Reply(int status, String body, boolean reusable) {
    }

    private HttpConnection(Socket socket, String hostHeader) throws IOException {
        this.socket = socket;
        this.hostHeader = hostHeader;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
    }

    /**
     * Connects to {@code server} (http or https), verifying an https host's name against its
     * certificate as browsers do. {@code tls} null means the JVM's default trust.
     */
    static HttpConnection open(URI server, SSLContext tls, int timeoutMillis) throws IOException {
        boolean secure = "https".equalsIgnoreCase(server.getScheme());
        int port = server.getPort() != -1 ? server.getPort() : secure ? 443 : 80;
        String host = server.getHost();
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.setSoTimeout(timeoutMillis);
            plain.connect(new InetSocketAddress(host, port), timeoutMillis);
            Socket socket = plain;
            if (secure) {
                SSLContext context = tls != null ? tls : defaultContext();
                SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
                SSLParameters parameters = ssl.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(parameters);
                ssl.startHandshake();
                socket = ssl;
            }
            String hostHeader = server.getPort() == -1 ? server.getRawAuthority() : host.contains(":") && !host.startsWith("[")
                    ? "[" + host + "]:" + port : host + ":" + port;
            return new HttpConnection(socket, hostHeader);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static SSLContext defaultContext() throws IOException {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException("this JVM has no default TLS context: " + e.getMessage(), e);
        }
    }

    /** Sends {@code PUT path} with {@code body} and reads the whole reply. */
    Reply put(String path, String authorization, byte[] body) throws IOException {
        String head = "PUT " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAuthorization: " + authorization
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        while (true) {
            Head reply = readHead();
            if (reply.status >= 100 && reply.status < 200) {
                continue; // an interim reply; the final one follows
            }
            return readBody(reply);
        }
    }

    /** A reply's status line and the headers that say how its body ends. */
    private record Head(int status, long contentLength, boolean chunked, boolean close) {
    }

    private Head readHead() throws IOException {
        int[] budget = {MAX_HEAD_BYTES};
        String statusLine = line(budget);
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("the server's reply is not HTTP/1.x: '" + Printable.of(statusLine, 80) + "'");
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("the server's reply has no status code: '" + Printable.of(statusLine, 80) + "'");
        }
        long length = -1;
        boolean chunked = false;
        boolean close = statusLine.startsWith("HTTP/1.0");
        for (String header = line(budget); !header.isEmpty(); header = line(budget)) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = parseLength(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                // HTTP/1.0 closes unless told keep-alive; HTTP/1.1 keeps alive unless told close.
                case "connection" -> close = value.contains("close") || close && !value.contains("keep-alive");
                default -> { }
            }
        }
        return new Head(status, length, chunked, close);
    }

    private static long parseLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value);
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException("the server's reply has an invalid Content-Length: '" + Printable.of(value, 40) + "'");
    }

    private Reply readBody(Head head) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean complete;
        if (head.chunked) {
            complete = readChunked(body);
        } else if (head.contentLength >= 0) {
            complete = copy(head.contentLength, body);
        } else {
            copy(Long.MAX_VALUE, body); // ends at the server's close
            complete = false;
        }
        return new Reply(head.status, body.toString(StandardCharsets.UTF_8), complete && !head.close);
    }

    /** Copies up to {@code length} bytes, keeping at most {@link #MAX_BODY_BYTES}; false if cut or ended early. */
    private boolean copy(long length, ByteArrayOutputStream body) throws IOException {
        byte[] buffer = new byte[8192];
        long left = length;
        while (left > 0) {
            int room = MAX_BODY_BYTES - body.size();
            if (room <= 0) {
                return false;
            }
            int n = in.read(buffer, 0, (int) Math.min(Math.min(buffer.length, room), left));
            if (n < 0) {
                if (length == Long.MAX_VALUE) {
                    return false;
                }
                throw new EOFException("the server closed the connection mid-reply");
            }
            body.write(buffer, 0, n);
            left -= n;
        }
        return true;
    }

    private boolean readChunked(ByteArrayOutputStream body) throws IOException {
        int[] budget = {MAX_HEAD_BYTES};
        while (true) {
            String sizeLine = line(budget);
            int extension = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("the server's chunked reply has a bad chunk size: '" + Printable.of(sizeLine, 40) + "'");
            }
            if (size < 0) {
                throw new IOException("the server's chunked reply has a negative chunk size");
            }
            if (size == 0) {
                while (!line(budget).isEmpty()) {
                    // trailers: read and dropped
                }
                return true;
            }
            if (!copy(size, body)) {
                return false;
            }
            line(budget); // the CRLF after the chunk's data
        }
    }

    /** One CRLF- or LF-ended line, charged to {@code budget} so that no reply can make us buffer without end. */
    private String line(int[] budget) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the server closed the connection mid-reply");
            }
            if (--budget[0] < 0) {
                throw new IOException("the server's reply headers exceed " + MAX_HEAD_BYTES + " bytes");
            }
            if (c == '\n') {
                return line.toString();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket that failed: nothing is left to release
        }
    }
}
