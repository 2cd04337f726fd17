package dev.cdc.core.ingest;

import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.upload.SyntheticSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A store, a bundle of synthetic pairs, tokens for some edges, and a service on loopback. */
public final class IngestFixture implements AutoCloseable {
    public static final int[] WIDTHS = {1, 2, 4, 8};
    public final Path dir;
    public final Path store;
    public final Bundle bundle;
    public final Path tokensFile;
    public final Map<String, String> tokens = new LinkedHashMap<>();
    public IngestServer server;
    private final long maxBody;

    public IngestFixture(Path dir, int edges, long maxBody) throws IOException {
        this.dir = dir;
        this.store = dir.resolve("store");
        this.bundle = SyntheticSource.bundle(dir.resolve("bundle"), WIDTHS);
        this.tokensFile = dir.resolve("tokens.json");
        this.maxBody = maxBody;
        for (int i = 0; i < edges; i++) {
            String edge = "edge-" + i;
            tokens.put(edge, EdgeTokens.addEdge(tokensFile, edge, false));
        }
        start(0);
    }

    /** Starts (or restarts) the service on {@code port}, 0 for any. */
    public void start(int port) throws IOException {
        server = IngestServer.start(new IngestServer.Config(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                ChunkStore.open(store), bundle, EdgeTokens.load(tokensFile), null, maxBody, 8));
    }

    public String token(int edge) {
        return tokens.get("edge-" + edge);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
