package dev.cdc.nativeconfig;

import org.bytedeco.javacpp.Loader;

/**
 * The machine as the native libraries see it.
 *
 * @param javacppPlatform the platform JavaCPP loads natives for, e.g. {@code linux-x86_64}
 * @param javaVersion     the running Java's version
 * @param javaVendor      the running Java's vendor
 * @param os              operating system name and version
 * @param cores           processors available to this JVM
 */
public record PlatformInfo(String javacppPlatform, String javaVersion, String javaVendor, String os, int cores) {

    public static PlatformInfo current() {
        return new PlatformInfo(Loader.getPlatform(), System.getProperty("java.version"),
                System.getProperty("java.vendor"), System.getProperty("os.name") + " " + System.getProperty("os.version"),
                Runtime.getRuntime().availableProcessors());
    }
}
