package dev.cdc.training;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;

/**
 * Where a model runs: {@code cpu}, or {@code cuda} / {@code cuda:N} (one GPU, through the GPU
 * LibTorch of the {@code -Pgpu} build). On a GPU the latents stay there and the CUDA codec
 * kernel packs them; on the CPU {@code core}'s fast path does, with the same bytes.
 */
public final class ComputeDevice {
    private static final Pattern CUDA = Pattern.compile("cuda(?::(\\d{1,3}))?");
    public static final ComputeDevice CPU = new ComputeDevice(-1);
    private final int cudaIndex;

    private ComputeDevice(int cudaIndex) {
        this.cudaIndex = cudaIndex;
    }

    /** {@code cpu}, {@code cuda} (device 0) or {@code cuda:N}; throws with what was expected otherwise. */
    public static ComputeDevice parse(String text) {
        if (text.equals("cpu")) {
            return CPU;
        }
        Matcher cuda = CUDA.matcher(text);
        if (!cuda.matches()) {
            throw new IllegalArgumentException("device '" + text + "' is not valid: expected cpu, cuda or cuda:N");
        }
        return new ComputeDevice(cuda.group(1) == null ? 0 : Integer.parseInt(cuda.group(1)));
    }

    public boolean isCuda() {
        return cudaIndex >= 0;
    }

    /** Why this device cannot be used here, or null when it can. */
    public String unavailableReason() {
        if (!isCuda()) {
            return null;
        }
        if (!torch.cuda_is_available()) {
            return this + " was asked for, but LibTorch here has no CUDA: it is the CPU build (build with -Pgpu), or the "
                    + "NVIDIA driver is missing";
        }
        int count = torch.cuda_device_count();
        return cudaIndex < count ? null : this + " was asked for, but LibTorch sees " + count + " CUDA device(s)";
    }

    /** The LibTorch device; only for a device whose {@link #unavailableReason} is null. */
    public Device torchDevice() {
        return isCuda() ? new Device(torch.DeviceType.CUDA, (byte) cudaIndex) : new Device(torch.DeviceType.CPU);
    }

    @Override
    public String toString() {
        return isCuda() ? "cuda:" + cudaIndex : "cpu";
    }
}
