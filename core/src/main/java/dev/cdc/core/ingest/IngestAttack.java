package dev.cdc.core.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hostile clients for measuring the service under attack, as the benchmark and the tests use
 * them: slow-header clients that send {@code PUT /x HTTP/1.1\r\nHost: x\r\n} and then one more
 * header byte every few seconds, never finishing (a slowloris), and idle clients that connect and
 * send nothing; both reconnect when the service closes them. Clients are spread over several
 * local source addresses (the loopback network is a /8) so that the service's per-address limit
 * sees several hosts. A prober asks {@code GET /health} every 200 ms and keeps its slowest answer.
 */
public final class IngestAttack implements AutoCloseable {
    private final InetSocketAddress target;
    private final List<InetAddress> sources;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong slowestHealthNanos = new AtomicLong();
    private final AtomicLong failedHealthChecks = new AtomicLong();
    private final AtomicLong healthChecks = new AtomicLong();

    /**
     * @param slowHeaderClients clients that never finish their headers
     * @param idleClients       clients that send nothing
     * @param sources           local addresses the clients connect from, in turn
     * @param trickle           time between a slow client's header bytes
     */
    public static IngestAttack start(URI service, int slowHeaderClients, int idleClients, List<InetAddress> sources,
            Duration trickle) {
        IngestAttack attack = new IngestAttack(new InetSocketAddress(service.getHost(), service.getPort()), sources);
        for (int i = 0; i < slowHeaderClients + idleClients; i++) {
            boolean slow = i < slowHeaderClients;
            InetAddress source = sources.get(i % sources.size());
            attack.spawn("cdc-attack-" + i, () -> attack.client(source, slow, trickle));
        }
        attack.spawn("cdc-attack-health", () -> attack.probeHealth(service));
        return attack;
    }

    private IngestAttack(InetSocketAddress target, List<InetAddress> sources) {
        this.target = target;
        this.sources = List.copyOf(sources);
    }

    private void spawn(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /** One client, reconnecting whenever the service closes it, until the attack stops. */
    private void client(InetAddress source, boolean slow, Duration trickle) {
        byte[] opening = "PUT /x HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII);
        while (running.get()) {
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(source, 0));
                socket.connect(target, 5000);
                socket.setSoTimeout((int) trickle.toMillis());
                connections.incrementAndGet();
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                if (slow) {
                    out.write(opening);
                    out.flush();
                }
                while (running.get()) {
                    if (slow) {
                        out.write('X'); // a header name that never ends
                        out.flush();
                    }
                    try {
                        if (in.read() < 0) {
                            break; // the service closed the connection
                        }
                        in.skip(in.available()); // it answered (408, 400): it will close
                    } catch (SocketTimeoutException stillOpen) {
                        // nothing from the service yet: trickle on
                    }
                }
            } catch (IOException e) {
                pause(); // closed or refused by the service, as it should be: come back
            }
        }
    }

    private void probeHealth(URI service) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(service.resolve("/health")).timeout(Duration.ofSeconds(5)).GET().build();
        while (running.get()) {
            long started = System.nanoTime();
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 200) {
                    failedHealthChecks.incrementAndGet();
                }
            } catch (IOException e) {
                failedHealthChecks.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            healthChecks.incrementAndGet();
            slowestHealthNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the prober saw, and how many connections the attack made. */
    public record Report(long connectionsMade, long healthChecks, long failedHealthChecks, double slowestHealthSeconds) {
        /** Two attacks' reports as one: counts added, the slowest answer of both. */
        public Report plus(Report other) {
            return new Report(connectionsMade + other.connectionsMade, healthChecks + other.healthChecks,
                    failedHealthChecks + other.failedHealthChecks, Math.max(slowestHealthSeconds, other.slowestHealthSeconds));
        }
    }

    public Report report() {
        return new Report(connections.get(), healthChecks.get(), failedHealthChecks.get(), slowestHealthNanos.get() / 1e9);
    }

    /** Local loopback addresses {@code 127.0.0.2} onwards, {@code count} of them. */
    public static List<InetAddress> loopbackSources(int count) throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}));
        }
        return out;
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
