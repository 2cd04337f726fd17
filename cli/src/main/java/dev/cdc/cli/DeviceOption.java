package dev.cdc.cli;

import dev.cdc.training.ComputeDevice;
import picocli.CommandLine.Option;

/** {@code --device cpu|cuda|cuda:N}: where a command runs its models. */
public final class DeviceOption {
    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
            description = "cpu, cuda or cuda:N: where the models run; on a GPU the CUDA kernels quantize and pack the "
                    + "latents there (needs the -Pgpu build and an NVIDIA driver; default: ${DEFAULT-VALUE}).")
    String name;

    /** As the user wrote it. */
    String name() {
        return name;
    }

    /** The device, checked to be usable here; a usage error names what is wrong. */
    ComputeDevice device() {
        ComputeDevice device;
        try {
            device = ComputeDevice.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--device: " + e.getMessage());
        }
        String unavailable = device.unavailableReason();
        if (unavailable != null) {
            throw new UsageException("--device: " + unavailable);
        }
        return device;
    }
}
