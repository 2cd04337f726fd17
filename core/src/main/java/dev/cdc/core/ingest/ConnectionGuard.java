package dev.cdc.core.ingest;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.jetty.io.Connection;

/**
 * Watches the service's HTTP connections. A client that keeps a request's headers coming a byte
 * at a time never trips the idle timeout, and holds its connection for as long as it likes: every
 * second this closes connections whose current request has not finished its headers within
 * {@code headerTimeout} of its first byte. It also logs one line for each connection that ends in
 * the middle of a request or before its first one (idle, too slow, cut by the client);
 * connections that completed their requests close silently.
 */
final class ConnectionGuard implements Connection.Listener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ConnectionGuard.class.getName());
    private final IngestMetrics metrics;
    private final long headerTimeoutNanos;
    private final Map<Connection, Watch> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cdc-ingest-guard");
        thread.setDaemon(true);
        return thread;
    });

    /** What the guard knows of a connection: its peer (the end point forgets it once closed) and its progress. */
    private static final class Watch {
        final String peer;
        long messagesIn;
        long bytesIn;
        long requestStartedNanos = -1;

        Watch(String peer) {
            this.peer = peer;
        }
    }

    ConnectionGuard(IngestMetrics metrics, Duration headerTimeout) {
        this.metrics = metrics;
        this.headerTimeoutNanos = headerTimeout.toNanos();
        timer.scheduleWithFixedDelay(this::closeStalledHeaders, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection.getMessagesIn() < 0) {
            return; // the TLS layer under an HTTP connection: that one is watched
        }
        String peer = connection.getEndPoint().getRemoteSocketAddress() instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress() : "?";
        open.put(connection, new Watch(peer));
    }

    /**
     * A request is "in its headers" when bytes arrived since the last complete request and no
     * handler holds it (requests handled equal requests answered); its clock starts at the first
     * such sighting.
     */
    private void closeStalledHeaders() {
        long now = System.nanoTime();
        for (Map.Entry<Connection, Watch> entry : open.entrySet()) {
            Connection connection = entry.getKey();
            Watch watch = entry.getValue();
            long in = connection.getMessagesIn();
            long bytes = connection.getBytesIn();
            boolean handling = in > connection.getMessagesOut();
            if (in != watch.messagesIn || handling) {
                watch.messagesIn = in;
                watch.bytesIn = bytes;
                watch.requestStartedNanos = -1;
                continue;
            }
            if (bytes > watch.bytesIn && watch.requestStartedNanos < 0) {
                watch.requestStartedNanos = now;
            }
            if (watch.requestStartedNanos >= 0 && now - watch.requestStartedNanos > headerTimeoutNanos) {
                LOG.info(() -> "closed a connection from " + watch.peer + ": its request's headers did not arrive within "
                        + headerTimeoutNanos / 1_000_000_000 + " s");
                connection.getEndPoint().close();
            }
        }
    }

    @Override
    public void onClosed(Connection connection) {
        Watch watch = open.remove(connection);
        if (watch == null) {
            return;
        }
        long in = connection.getMessagesIn();
        // A request received but not answered, or none received at all.
        if (in == 0 || in > connection.getMessagesOut()) {
            metrics.incompleteConnection();
            long seconds = (System.currentTimeMillis() - connection.getCreatedTimeStamp()) / 1000;
            LOG.info(() -> "connection from " + watch.peer + " closed after " + seconds + " s with " + in
                    + " complete requests and " + connection.getBytesIn() + " bytes received: idle, too slow, or cut by"
                    + " the client");
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
