package dev.cdc.nativeconfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one probe of a native backend found.
 *
 * @param backend            the backend's name, e.g. {@code libtorch}, {@code cuda}
 * @param available          whether it loaded and works
 * @param version            its version, when known (also when unavailable, if the Java side knows it)
 * @param details            further facts worth printing (threads, devices, paths), in order
 * @param unavailabilityCause why it is unavailable, in words a user can act on; null when available
 */
public record ProbeResult(String backend, boolean available, String version, Map<String, String> details,
        String unavailabilityCause) {

    public ProbeResult {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static ProbeResult available(String backend, String version, Map<String, String> details) {
        return new ProbeResult(backend, true, version, details, null);
    }

    public static ProbeResult unavailable(String backend, String version, Map<String, String> details, String cause) {
        return new ProbeResult(backend, false, version, details, cause);
    }
}
