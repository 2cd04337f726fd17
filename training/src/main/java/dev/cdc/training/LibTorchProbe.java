package dev.cdc.training;

import dev.cdc.nativeconfig.BackendProbe;
import dev.cdc.nativeconfig.NativeCauses;
import dev.cdc.nativeconfig.PresetVersions;
import dev.cdc.nativeconfig.ProbeResult;
import dev.cdc.nativeconfig.ThreadSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;

/** Loads LibTorch through the PyTorch presets and reports its version, threads and CUDA support. */
public final class LibTorchProbe implements BackendProbe {
    public static final String NAME = "libtorch";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProbeResult probe() {
        String presets = PresetVersions.of("pytorch");
        // The presets' version is LibTorch's followed by JavaCPP's: 2.10.0-1.5.13.
        String version = presets.contains("-") ? presets.substring(0, presets.indexOf('-')) : presets;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("presets", presets);
        try {
            Loader.load(torch.class);
        } catch (Throwable e) {
            return ProbeResult.unavailable(NAME, version, details, NativeCauses.describe(e));
        }
        torch.set_num_threads(ThreadSettings.threads());
        details.put("threads", Integer.toString(torch.get_num_threads()));
        details.put("parallel", torch.get_openmp_version().getString().strip());
        details.put("natives", Loader.getPlatform() + System.getProperty("javacpp.platform.extension", ""));
        boolean cuda = torch.cuda_is_available();
        details.put("cuda", cuda ? "available, " + torch.cuda_device_count() + " device(s)"
                : torch.hasCUDA() ? "built with CUDA, no device visible" : "CPU build");
        return ProbeResult.available(NAME, version, details);
    }
}
