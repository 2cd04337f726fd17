package dev.cdc.cli;

import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.ingest.ChunkStore;
import dev.cdc.core.ingest.EdgeTokens;
import dev.cdc.core.ingest.IngestServer;
import dev.cdc.core.ingest.TlsContexts;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cdc serve}: the cloud's ingest service, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the cloud's ingest service: edges PUT one-chunk .cdc files, each stored durably once under "
                + "STORE/EDGE/SHARD/, where `cdc train-cloud --bundle B STORE` reads them. Stops on Ctrl-C or "
                + "SIGTERM. Routes: PUT /v1/edges/EDGE/shards/SHARD/chunks/SEQ, GET .../chunks, GET /health, GET "
                + "/metrics (Prometheus).")
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Where uploaded chunks go (created if missing).")
    Path store;
    @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "The bundle whose pairs' codes are accepted.")
    Path bundle;
    @Option(names = "--tokens", required = true, paramLabel = "FILE", description = "Edge tokens, from `cdc token add`.")
    Path tokens;
    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String bind;
    @Option(names = "--port", defaultValue = "8750", paramLabel = "PORT",
            description = "Port (default: ${DEFAULT-VALUE}; 0 for any free one).")
    int port;
    @Option(names = "--max-body", defaultValue = "67108864", paramLabel = "BYTES",
            description = "Largest chunk accepted, in bytes (default: ${DEFAULT-VALUE}).")
    long maxBody;
    @Option(names = "--threads", defaultValue = "16", paramLabel = "N",
            description = "Requests handled at once (default: ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--keystore", paramLabel = "FILE", description = "PKCS12 or JKS keystore: serve HTTPS with its key.")
    Path keystore;
    @Option(names = "--keystore-password-env", defaultValue = "CDC_KEYSTORE_PASSWORD", paramLabel = "VAR",
            description = "Environment variable holding the keystore password (default: ${DEFAULT-VALUE}).")
    String keystorePasswordEnv;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port " + port + " is not valid: expected 0..65535");
        }
        Bundle accepted = Bundle.read(bundle);
        EdgeTokens edgeTokens = EdgeTokens.load(tokens);
        SSLContext tls = null;
        if (keystore != null) {
            String password = System.getenv(keystorePasswordEnv);
            if (password == null) {
                throw new UsageException("--keystore needs its password in the environment variable " + keystorePasswordEnv);
            }
            tls = TlsContexts.server(keystore, password.toCharArray());
        }
        IngestServer server = IngestServer.start(new IngestServer.Config(new InetSocketAddress(bind, port), ChunkStore.open(store),
                accepted, edgeTokens, tls, maxBody, threads));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "cdc-serve-stop"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("cdc serve: listening on %s (store %s, bundle k=%s, %d edges)%n", server.uri(), store.toAbsolutePath(),
                Arrays.toString(accepted.widths()), edgeTokens.edgeCount());
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
