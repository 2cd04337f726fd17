package dev.cdc.core.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback standing for the edge's link: the edge-to-cloud direction goes
 * through a token bucket whose rate a test can change mid-upload, and connections can be cut
 * (with a reset) after a random number of bytes, in either direction.
 */
public final class ThrottlingProxy implements AutoCloseable {
    private static final int PIECE = 1024;
    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong upstreamBytes = new AtomicLong();
    private final AtomicLong drops = new AtomicLong();
    private volatile double bytesPerSecond;
    private volatile double dropProbability;
    private volatile int targetPortOverride = -1;
    private final SplittableRandom random;

    public ThrottlingProxy(int targetPort, long seed) throws IOException {
        this.targetPort = targetPort;
        this.random = new SplittableRandom(seed);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Edge-to-cloud bytes per second; 0 lifts the throttle. */
    public void setRate(double bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Chance that a connection is cut (reset, both ways) at each kilobyte it carries. */
    public void setDropProbability(double perKilobyte) {
        this.dropProbability = perKilobyte;
    }

    /** Sends new connections to another port (a restarted service). */
    public void retarget(int port) {
        this.targetPortOverride = port;
    }

    public long drops() {
        return drops.get();
    }

    public long upstreamBytes() {
        return upstreamBytes.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                int port = targetPortOverride > 0 ? targetPortOverride : targetPort;
                Socket server;
                try {
                    server = new Socket();
                    server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                } catch (IOException e) {
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                sockets.add(client);
                sockets.add(server);
                start(() -> pump(client, server, true));
                start(() -> pump(server, client, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(Runnable pump) {
        Thread thread = new Thread(pump, "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private boolean cutNow() {
        double p = dropProbability;
        if (p <= 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < p;
        }
    }

    private void pump(Socket from, Socket to, boolean upstream) {
        byte[] buffer = new byte[PIECE];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (cutNow()) {
                    drops.incrementAndGet();
                    reset(from);
                    reset(to);
                    return;
                }
                if (upstream) {
                    double rate = bytesPerSecond;
                    if (rate > 0) {
                        Thread.sleep((long) (n / rate * 1000));
                    }
                    upstreamBytes.addAndGet(n);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException | InterruptedException e) {
            reset(from);
            reset(to);
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            reset(socket);
        }
    }
}
