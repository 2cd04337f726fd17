package dev.cdc.core.ingest;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.jetty.io.Connection;

/**
 * One log line for each connection that ends in the middle of a request or before its first
 * one: an idle or slow client cut by the time limits, or a client that hung up. Connections
 * that completed their requests close silently.
 */
final class SlowConnectionLog implements Connection.Listener {
    private static final Logger LOG = Logger.getLogger(SlowConnectionLog.class.getName());
    private final IngestMetrics metrics;
    // The end point forgets its peer once closed: remember it from the start.
    private final ConcurrentHashMap<Connection, String> peers = new ConcurrentHashMap<>();

    SlowConnectionLog(IngestMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection.getEndPoint().getRemoteSocketAddress() instanceof InetSocketAddress peer) {
            peers.put(connection, peer.getAddress().getHostAddress());
        }
    }

    @Override
    public void onClosed(Connection connection) {
        String peer = peers.remove(connection);
        long in = connection.getMessagesIn();
        if (in < 0) {
            return; // not an HTTP connection (the TLS layer under one): its HTTP connection reports
        }
        // A request received but not answered, or none received at all.
        if (in == 0 || in > connection.getMessagesOut()) {
            metrics.incompleteConnection();
            long seconds = (System.currentTimeMillis() - connection.getCreatedTimeStamp()) / 1000;
            LOG.info(() -> "connection from " + peer + " closed after " + seconds
                    + " s with " + connection.getMessagesIn() + " complete requests and " + connection.getBytesIn()
                    + " bytes received: idle, too slow, or cut by the client");
        }
    }
}
