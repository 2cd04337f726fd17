package dev.cdc.core.ingest;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.cdc.core.bundle.Bundle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The cloud's ingest service ({@code cdc serve}), on the JDK's own HTTP server: no dependency
 * to ship or patch, HTTPS through a standard keystore, and enough for this workload, where each
 * request is one fsync'd chunk of kilobytes to megabytes and the disk, not the HTTP stack, sets
 * the pace (see the ingest benchmark in the README).
 */
public final class IngestServer implements AutoCloseable {
    /** Largest body accepted by default: 64 MiB, far above a chunk of a few hundred records. */
    public static final long DEFAULT_MAX_BODY = 64L << 20;

    /**
     * How to run.
     *
     * @param bind     address and port; port 0 picks a free one
     * @param tls      null for plain HTTP
     * @param maxBody  largest request body accepted, in bytes
     * @param threads  requests handled at once
     */
    public record Config(InetSocketAddress bind, ChunkStore store, Bundle bundle, EdgeTokens tokens, SSLContext tls,
            long maxBody, int threads) {
        public Config {
            if (maxBody < 1) {
                throw new IllegalArgumentException("largest body " + maxBody + " is not valid: expected at least 1 byte");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads " + threads + " is not valid: expected at least 1");
            }
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final IngestMetrics metrics;
    private final boolean tls;

    private IngestServer(HttpServer server, ExecutorService executor, IngestMetrics metrics, boolean tls) {
        this.server = server;
        this.executor = executor;
        this.metrics = metrics;
        this.tls = tls;
    }

    public static IngestServer start(Config config) throws IOException {
        configureJdkServer();
        HttpServer server;
        if (config.tls() != null) {
            HttpsServer https = HttpsServer.create(config.bind(), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(config.tls()));
            server = https;
        } else {
            server = HttpServer.create(config.bind(), 0);
        }
        IngestMetrics metrics = new IngestMetrics();
        IngestHandler handler = new IngestHandler(config.store(), new ChunkAcceptance(config.bundle()), config.tokens(), metrics,
                config.maxBody());
        server.createContext("/", handler);
        ExecutorService executor = Executors.newFixedThreadPool(config.threads(), runnable -> {
            Thread thread = new Thread(runnable, "cdc-ingest");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return new IngestServer(server, executor, metrics, config.tls() != null);
    }

    /**
     * JDK server settings, each set only if the user has not. A client that opens a connection
     * and then trickles (or never sends) its request would hold a thread forever: the time
     * limits close such connections. The server writes a reply's headers and body separately, so
     * with Nagle's algorithm on, each small reply waits for the client's delayed ACK (about 40 ms
     * on Linux): measured here, that alone cut loopback ingest thirtyfold, hence TCP_NODELAY.
     */
    private static void configureJdkServer() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "120");
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", "120");
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address edges upload to, e.g. {@code http://127.0.0.1:8750/}. */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create((tls ? "https" : "http") + "://" + host + ":" + address.getPort() + "/");
    }

    public IngestMetrics metrics() {
        return metrics;
    }

    /**
     * Stops at once, cutting requests in flight. That is safe by design: a chunk is acknowledged
     * only after it is durable, so an edge whose request was cut retries it, and a chunk that was
     * stored but not acknowledged is recognised as a repeat.
     */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
