package dev.cdc.core.ingest;

import dev.cdc.core.CdcFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS set-up from standard Java keystores (PKCS12 or JKS, told apart by content). */
public final class TlsContexts {
    private TlsContexts() {
    }

    /** The server side: its certificate and private key. */
    public static SSLContext server(Path keystore, char[] password) throws IOException {
        KeyStore store = load(keystore, password);
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new CdcFormatException(keystore, "cannot serve TLS with this keystore: " + e.getMessage());
        }
    }

    /** The client side: the certificates to trust (e.g. the server's self-signed one). */
    public static SSLContext client(Path truststore, char[] password) throws IOException {
        KeyStore store = load(truststore, password);
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new CdcFormatException(truststore, "cannot trust this keystore: " + e.getMessage());
        }
    }

    private static KeyStore load(Path file, char[] password) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CdcFormatException(file, "file not found: expected a Java keystore (PKCS12 or JKS)");
        }
        try {
            return KeyStore.getInstance(file.toFile(), password);
        } catch (GeneralSecurityException | IOException e) {
            throw new CdcFormatException(file, "cannot open the keystore (wrong password, or not PKCS12/JKS): " + e.getMessage());
        }
    }
}
