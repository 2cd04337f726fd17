package dev.cdc.nativeconfig;

/**
 * How many threads native compute may use: {@code $CDC_THREADS}, else the system property
 * {@code cdc.threads}, else every available processor. One place decides, so LibTorch, the CPU
 * codec and benchmarks agree.
 */
public final class ThreadSettings {
    public static final String ENVIRONMENT_VARIABLE = "CDC_THREADS";
    public static final String PROPERTY = "cdc.threads";

    private ThreadSettings() {
    }

    public static int threads() {
        return parse(System.getenv(ENVIRONMENT_VARIABLE), System.getProperty(PROPERTY),
                Runtime.getRuntime().availableProcessors());
    }

    static int parse(String fromEnv, String fromProperty, int processors) {
        String value = fromEnv != null && !fromEnv.isBlank() ? fromEnv : fromProperty;
        if (value == null || value.isBlank()) {
            return processors;
        }
        int threads;
        try {
            threads = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + "='" + value + "' is not a number: expected a thread count >= 1");
        }
        if (threads < 1) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + "=" + threads + " is not valid: expected a thread count >= 1");
        }
        return threads;
    }
}
