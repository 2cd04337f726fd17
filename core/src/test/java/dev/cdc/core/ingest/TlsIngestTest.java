package dev.cdc.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.CdcFormatException;
import dev.cdc.core.upload.ChunkSender;
import dev.cdc.core.upload.RetryPolicy;
import dev.cdc.core.upload.SyntheticSource;
import dev.cdc.core.upload.UploadException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a standard keystore made by the JDK's keytool, and a client that trusts it (and one that does not). */
class TlsIngestTest {
    @TempDir
    Path dir;

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "keytool " + args[0] + ": " + output);
    }

    @Test
    void uploadsOverHttpsWithAPrivateCertificate() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "cdc", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "secret1", "-keypass", "secret1");
        keytool("-exportcert", "-rfc", "-alias", "cdc", "-keystore", keystore.toString(), "-storepass", "secret1",
                "-file", dir.resolve("cert.pem").toString());
        keytool("-importcert", "-noprompt", "-alias", "cdc", "-file", dir.resolve("cert.pem").toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", "secret2");
        try (IngestFixture fixture = new IngestFixture(dir.resolve("plain"), 1, 1 << 20)) {
            fixture.close();
            fixture.server = IngestServer.start(new IngestServer.Config(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    ChunkStore.open(fixture.store), fixture.bundle, EdgeTokens.load(fixture.tokensFile),
                    TlsContexts.server(keystore, "secret1".toCharArray()), 1 << 20, 2));
            assertTrue(fixture.server.uri().toString().startsWith("https://127.0.0.1:"));
            SyntheticSource source = new SyntheticSource(30, 1, 2);
            RetryPolicy once = new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1));
            ChunkSender trusting = new ChunkSender(fixture.server.uri(), fixture.token(0),
                    TlsContexts.client(truststore, "secret2".toCharArray()), once, Duration.ofSeconds(20));
            assertEquals(30, trusting.put("edge-0", "s", 0, source.encode(2, 0, 30), (s, a, c, d) -> { }).records());
            ChunkSender stranger = new ChunkSender(fixture.server.uri(), fixture.token(0), null, once, Duration.ofSeconds(20));
            UploadException refused = assertThrows(UploadException.class,
                    () -> stranger.put("edge-0", "s", 1, source.encode(2, 0, 30), (s, a, c, d) -> { }));
            assertTrue(refused.getMessage().contains("SSLHandshakeException"), refused.getMessage());
        }
        assertTrue(assertThrows(CdcFormatException.class, () -> TlsContexts.server(keystore, "wrong".toCharArray())).getMessage()
                .contains("wrong password"));
    }
}
