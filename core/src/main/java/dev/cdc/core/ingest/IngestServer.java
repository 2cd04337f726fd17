package dev.cdc.core.ingest;

import dev.cdc.core.bundle.Bundle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The cloud's ingest service ({@code cdc serve}): {@link IngestHandler} on Jetty. The JDK's own server read each
 * request's headers on a worker thread, so sixteen clients that never finished their headers
 * froze it for the two minutes of its request timer (docs/ingest.md has the measurements).
 * Jetty parses headers on its selector without a thread per connection, hands a request to a
 * worker only once its headers are complete, closes connections that make no progress for
 * {@link Limits#idleTimeout()}, and here also closes requests whose headers take longer than that
 * ({@link ConnectionGuard}), cuts bodies slower than {@link Limits#minBodyBytesPerSecond()}, and
 * bounds the connections of each client address ({@link AddressConnectionLimit}) and of the
 * whole service.
 */
public final class IngestServer implements AutoCloseable {
    /** Largest body accepted by default: 64 MiB, far above a chunk of a few hundred records. */
    public static final long DEFAULT_MAX_BODY = 64L << 20;

    /**
     * What a client may hold and how slowly it may send.
     *
     * @param idleTimeout             a connection that sends or receives nothing this long is closed,
     *                                and so is one whose request's headers take longer than this
     * @param minBodyBytesPerSecond   a body arriving slower than this, on average, is cut off
     * @param maxConnectionsPerAddress connections one client address may hold; more are closed at once
     * @param maxConnections          connections the service accepts in all; more wait in the backlog
     * @param maxHeaderBytes          request line and headers together; a larger request gets 431
     */
    public record Limits(Duration idleTimeout, long minBodyBytesPerSecond, int maxConnectionsPerAddress, int maxConnections,
            int maxHeaderBytes) {
        public Limits {
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idle timeout " + idleTimeout + " is not valid: expected a positive time");
            }
            if (minBodyBytesPerSecond < 0 || maxConnectionsPerAddress < 1 || maxConnections < 1 || maxHeaderBytes < 1024) {
                throw new IllegalArgumentException("limits must be positive (and headers at least 1024 bytes)");
            }
        }

        /**
         * 10 s without progress; bodies at 256 bytes/s or more (a chunk of 256 records at k = 1 is
         * 4 KB; an edge on a link slower than that cannot upload anyway); 64 connections per
         * address, 4,096 in all; 8 KiB of headers (an upload sends about 300 bytes).
         */
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(10), 256, 64, 4096, 8192);
        }
    }

    /**
     * How to run.
     *
     * @param bind     address and port; port 0 picks a free one
     * @param tls      null for plain HTTP
     * @param maxBody  largest request body accepted, in bytes
     * @param threads  requests handled at once
     * @param limits   what a client may hold and how slowly it may send
     */
    public record Config(InetSocketAddress bind, ChunkStore store, Bundle bundle, EdgeTokens tokens, SSLContext tls,
            long maxBody, int threads, Limits limits) {
        public Config {
            if (maxBody < 1) {
                throw new IllegalArgumentException("largest body " + maxBody + " is not valid: expected at least 1 byte");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads " + threads + " is not valid: expected at least 1");
            }
        }

        public Config(InetSocketAddress bind, ChunkStore store, Bundle bundle, EdgeTokens tokens, SSLContext tls, long maxBody,
                int threads) {
            this(bind, store, bundle, tokens, tls, maxBody, threads, Limits.defaults());
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final ConnectionGuard guard;
    private final IngestMetrics metrics;
    private final boolean tls;

    private IngestServer(Server server, ServerConnector connector, ConnectionGuard guard, IngestMetrics metrics, boolean tls) {
        this.server = server;
        this.connector = connector;
        this.guard = guard;
        this.metrics = metrics;
        this.tls = tls;
    }

    public static IngestServer start(Config config) throws IOException {
        Limits limits = config.limits();
        // Jetty's selector and acceptor threads come out of the same pool as the handlers.
        QueuedThreadPool pool = new QueuedThreadPool(config.threads() + 4, Math.min(4, config.threads() + 4));
        pool.setName("cdc-ingest");
        pool.setDaemon(true);
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setMinRequestDataRate(limits.minBodyBytesPerSecond());
        http.setIdleTimeout(limits.idleTimeout().toMillis());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector;
        if (config.tls() != null) {
            http.addCustomizer(new SecureRequestCustomizer(false));
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(config.tls());
            connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, 1, 1, new ConnectionFactory[] {new HttpConnectionFactory(http)});
        }
        connector.setHost(config.bind().getAddress().getHostAddress());
        connector.setPort(config.bind().getPort());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setAcceptQueueSize(1024);
        IngestMetrics metrics = new IngestMetrics();
        connector.addBean(new AddressConnectionLimit(limits.maxConnectionsPerAddress(), metrics));
        ConnectionGuard guard = new ConnectionGuard(metrics, limits.idleTimeout());
        connector.addBean(guard);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server));
        server.setHandler(new IngestHandler(config.store(), new ChunkAcceptance(config.bundle()), config.tokens(), metrics,
                config.maxBody(), limits.minBodyBytesPerSecond()));
        try {
            server.start();
        } catch (Exception e) {
            guard.close();
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("the ingest service could not start on " + config.bind() + ": " + e.getMessage(), e);
        }
        return new IngestServer(server, connector, guard, metrics, config.tls() != null);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The address edges upload to, e.g. {@code http://127.0.0.1:8750/}. */
    public URI uri() {
        String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") || connector.getHost().equals("::")
                ? "127.0.0.1" : connector.getHost();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create((tls ? "https" : "http") + "://" + host + ":" + port() + "/");
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
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping cuts connections; what fails while they are cut changes nothing stored.
        }
        guard.close();
    }

    /** Jetty's start-up and connection chatter is for debugging; refusals are logged by this service. */
    static {
        if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        }
    }
}
