package dev.cdc.core.ingest;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

/**
 * Closes a new connection at once when its client address already holds the limit, so one host
 * cannot take the whole service's connections. Counted and logged one line per refusal.
 */
final class AddressConnectionLimit implements Connection.Listener {
    private static final Logger LOG = Logger.getLogger(AddressConnectionLimit.class.getName());
    private final int limit;
    private final IngestMetrics metrics;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    // Keyed by end point: over TLS, a TLS connection and an HTTP connection share one socket.
    private final ConcurrentHashMap<EndPoint, InetAddress> counted = new ConcurrentHashMap<>();

    AddressConnectionLimit(int limit, IngestMetrics metrics) {
        this.limit = limit;
        this.metrics = metrics;
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        InetAddress address = addressOf(endPoint.getRemoteSocketAddress());
        if (address == null || counted.putIfAbsent(endPoint, address) != null) {
            return;
        }
        int now = open.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        if (now > limit) {
            metrics.refusedConnection();
            LOG.info(() -> "refused a connection from " + address.getHostAddress() + ": it holds " + (now - 1)
                    + " connections, the most one address may hold is " + limit);
            endPoint.close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress address = counted.remove(connection.getEndPoint());
        if (address != null) {
            open.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    private static InetAddress addressOf(SocketAddress socket) {
        return socket instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
