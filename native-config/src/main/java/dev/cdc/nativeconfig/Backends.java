package dev.cdc.nativeconfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Probes every registered native backend once per process and keeps the result, cause included,
 * so that callers ask {@link #isAvailable} and {@link #unavailabilityCause} instead of meeting a
 * bare {@link UnsatisfiedLinkError} later.
 */
public final class Backends {
    private static final Object LOCK = new Object();
    private static Map<String, ProbeResult> results;

    private Backends() {
    }

    /** All results, in the order probes were found; probes run on the first call. */
    public static List<ProbeResult> all() {
        return List.copyOf(results().values());
    }

    public static boolean isAvailable(String backend) {
        ProbeResult result = results().get(backend);
        return result != null && result.available();
    }

    /** Why {@code backend} cannot be used, or null when it can. */
    public static String unavailabilityCause(String backend) {
        ProbeResult result = results().get(backend);
        if (result == null) {
            return "no probe for backend '" + backend + "' is on the class path (is its module missing?)";
        }
        return result.unavailabilityCause();
    }

    public static ProbeResult result(String backend) {
        ProbeResult result = results().get(backend);
        return result != null ? result
                : ProbeResult.unavailable(backend, null, Map.of(), unavailabilityCause(backend));
    }

    private static Map<String, ProbeResult> results() {
        synchronized (LOCK) {
            if (results == null) {
                Map<String, ProbeResult> found = new LinkedHashMap<>();
                for (BackendProbe probe : ServiceLoader.load(BackendProbe.class)) {
                    found.put(probe.name(), run(probe));
                }
                results = found;
            }
            return results;
        }
    }

    /** Runs one probe; whatever it throws becomes the cause. */
    static ProbeResult run(BackendProbe probe) {
        try {
            return probe.probe();
        } catch (Throwable failure) {
            return ProbeResult.unavailable(probe.name(), null, Map.of(), NativeCauses.describe(failure));
        }
    }
}
