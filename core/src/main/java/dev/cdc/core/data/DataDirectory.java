package dev.cdc.core.data;

import java.nio.file.Path;

/**
 * Where data sets live: {@code $CDC_DATA}, else the system property {@code cdc.data}, else
 * {@code ~/.cache/cdc/data}. Never inside the repository: data sets are not committed.
 */
public final class DataDirectory {
    public static final String ENVIRONMENT_VARIABLE = "CDC_DATA";
    public static final String PROPERTY = "cdc.data";

    private DataDirectory() {
    }

    public static Path resolve() {
        String fromEnv = System.getenv(ENVIRONMENT_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        String fromProperty = System.getProperty(PROPERTY);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return Path.of(fromProperty);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "cdc", "data");
    }
}
