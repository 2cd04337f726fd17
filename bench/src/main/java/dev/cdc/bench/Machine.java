package dev.cdc.bench;

import dev.cdc.cuda.CudaProbe;
import dev.cdc.nativeconfig.Backends;
import dev.cdc.nativeconfig.PlatformInfo;
import dev.cdc.nativeconfig.ProbeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The machine a benchmark ran on, named in every report so that absolute figures are never read
 * without it; {@code gpu} says "none" and why when there is none.
 */
public record Machine(int cores, String cpu, String os, String java, String gpu) {
    public static Machine current() {
        PlatformInfo platform = PlatformInfo.current();
        return new Machine(platform.cores(), cpuModel(), platform.os(), platform.javaVersion(), gpuName());
    }

    private static String gpuName() {
        ProbeResult cuda = Backends.result(CudaProbe.NAME);
        return cuda.available() ? cuda.details().getOrDefault("device 0", "a CUDA device")
                : "none (" + Backends.unavailabilityCause(CudaProbe.NAME) + ")";
    }

    /** The CPU's model name where Linux says it, else the architecture. */
    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }
}
