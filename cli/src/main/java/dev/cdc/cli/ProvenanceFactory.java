package dev.cdc.cli;

import dev.cdc.nativeconfig.PresetVersions;
import dev.cdc.training.store.Provenance;
import java.time.Instant;
import java.util.Map;

/** Provenance stamped on everything the commands save. */
final class ProvenanceFactory {
    private ProvenanceFactory() {
    }

    static Provenance create(String dataset, long seed, Map<String, Object> settings, String parent) {
        return new Provenance(dataset, seed, settings, parent, VersionProvider.version(), PresetVersions.of("pytorch"),
                System.getProperty("java.version"), Instant.now().toString());
    }
}
