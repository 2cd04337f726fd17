package dev.cdc.cli;

import dev.cdc.core.text.Printable;
import picocli.CommandLine.Option;

/** {@code --backend libtorch|java}: which encoder an edge command runs. */
public final class BackendOption {
    /** bin/cdc-edge runs with no LibTorch and sets this to {@code java}. */
    static final String DEFAULT_PROPERTY = "cdc.backend";

    @Option(names = "--backend", defaultValue = "${sys:cdc.backend:-libtorch}", paramLabel = "B",
            description = "libtorch, or java: the encoder in plain Java with no LibTorch loaded (CPU only; the same codes but at a"
                    + " quantization boundary now and then, docs/edge.md) (default: ${DEFAULT-VALUE}).")
    String name;

    /** Whether the LibTorch-free encoder was asked for; a usage error for a name that is neither. */
    boolean java() {
        if (!"java".equals(name) && !"libtorch".equals(name)) {
            throw new UsageException("--backend '" + Printable.of(name) + "' is not valid: expected libtorch or java");
        }
        return "java".equals(name);
    }

    /** A usage error unless the device is the CPU, for the Java encoder. */
    void requireCpu(DeviceOption device) {
        if (java() && !device.name().equals("cpu")) {
            throw new UsageException("--backend java runs on the CPU: leave out --device (a CUDA encoder without LibTorch is"
                    + " not built yet)");
        }
    }
}
