package dev.cdc.cli;

import dev.cdc.training.store.Provenance;
import java.time.Instant;
import java.util.Map;
import org.bytedeco.javacpp.Loader;

/** Provenance stamped on everything the commands save. */
final class ProvenanceFactory {
    private ProvenanceFactory() {
    }

    static Provenance create(String dataset, long seed, Map<String, Object> settings, String parent) {
        return new Provenance(dataset, seed, settings, parent, VersionProvider.version(), libTorchVersion(),
                System.getProperty("java.version"), Instant.now().toString());
    }

    private static String libTorchVersion() {
        try {
            String version = Loader.getVersion("org.bytedeco", "pytorch");
            return version != null ? version : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
