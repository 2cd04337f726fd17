package dev.cdc.nativeconfig;

import org.bytedeco.javacpp.Loader;

/** Versions of the Bytedeco preset jars on the class path, as their Maven metadata gives them. */
public final class PresetVersions {
    private PresetVersions() {
    }

    /** The version of {@code org.bytedeco:artifact}, e.g. {@code 2.10.0-1.5.13}, or "unknown". */
    public static String of(String artifact) {
        try {
            String version = Loader.getVersion("org.bytedeco", artifact);
            return version != null ? version : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
