package dev.cdc.cuda;

import dev.cdc.nativeconfig.BackendProbe;
import dev.cdc.nativeconfig.NativeCauses;
import dev.cdc.nativeconfig.PresetVersions;
import dev.cdc.nativeconfig.ProbeResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;

/**
 * Probes the CUDA runtime, the driver and NVRTC through the Bytedeco CUDA presets, without
 * LibTorch: what an edge device needs to run the codec kernels.
 */
public final class CudaProbe implements BackendProbe {
    public static final String NAME = "cuda";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProbeResult probe() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("presets", PresetVersions.of("cuda"));
        try {
            Loader.load(cudart.class);
        } catch (Throwable e) {
            return ProbeResult.unavailable(NAME, null, details, NativeCauses.describe(e));
        }
        try (IntPointer value = new IntPointer(1)) {
            cudart.cudaRuntimeGetVersion(value);
            String runtime = cudaVersion(value.get());
            details.put("runtime", runtime);
            cudart.cudaDriverGetVersion(value);
            details.put("driver", value.get() == 0 ? "none" : cudaVersion(value.get()));
            details.put("nvrtc", nvrtcVersion());
            int status = cudart.cudaGetDeviceCount(value);
            if (status != cudart.cudaSuccess) {
                return ProbeResult.unavailable(NAME, runtime, details, "CUDA runtime found no usable device: "
                        + cudart.cudaGetErrorString(status).getString() + " (error " + status + ")");
            }
            int count = value.get();
            details.put("devices", Integer.toString(count));
            for (int d = 0; d < count; d++) {
                try (cudaDeviceProp prop = new cudaDeviceProp()) {
                    cudart.cudaGetDeviceProperties(prop, d);
                    details.put("device " + d, prop.name().getString().strip() + ", compute capability " + prop.major()
                            + "." + prop.minor() + ", " + (prop.totalGlobalMem() >> 20) + " MiB");
                }
            }
            if (count == 0) {
                return ProbeResult.unavailable(NAME, runtime, details, "CUDA runtime reports no devices");
            }
            return ProbeResult.available(NAME, runtime, details);
        }
    }

    private static String nvrtcVersion() {
        try {
            Loader.load(nvrtc.class);
            try (IntPointer major = new IntPointer(1); IntPointer minor = new IntPointer(1)) {
                nvrtc.nvrtcVersion(major, minor);
                return major.get() + "." + minor.get();
            }
        } catch (Throwable e) {
            return "unavailable (" + NativeCauses.describe(e) + ")";
        }
    }

    /** CUDA encodes 13.1 as 13010. */
    static String cudaVersion(int encoded) {
        return (encoded / 1000) + "." + (encoded % 1000) / 10;
    }
}
