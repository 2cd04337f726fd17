package dev.cdc.training;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Where a model runs: {@code cpu}, or {@code cuda} / {@code cuda:N} (one GPU, through the GPU
 * LibTorch of the {@code -Pgpu} build). On a GPU the latents stay there and the CUDA codec
 * kernel packs them; on the CPU {@code core}'s fast path does, with the same bytes. Training code
 * asks a module where it is ({@link #of}) and puts its batches there ({@link #place}), so the
 * same code runs on every device.
 */
public final class ComputeDevice {
    private static final Pattern CUDA = Pattern.compile("cuda(?::(\\d{1,3}))?");
    public static final ComputeDevice CPU = new ComputeDevice(-1, true);
    private final int cudaIndex;
    /** False for a plain {@code cuda}: the process's own GPU, device 0 unless a data-parallel run says otherwise. */
    private final boolean indexGiven;

    private ComputeDevice(int cudaIndex, boolean indexGiven) {
        this.cudaIndex = cudaIndex;
        this.indexGiven = indexGiven;
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
        return cuda.group(1) == null ? new ComputeDevice(0, false) : new ComputeDevice(Integer.parseInt(cuda.group(1)), true);
    }

    /** Where {@code module}'s parameters are: the device its inputs must go to (the CPU for a module without any). */
    public static ComputeDevice of(Module module) {
        TensorVector parameters = module.parameters();
        if (parameters.size() == 0 || !parameters.get(0).is_cuda()) {
            return CPU;
        }
        return new ComputeDevice(parameters.get(0).device().index(), true);
    }

    /** The GPU {@code cuda:N} for {@code N} from 0 up. */
    public static ComputeDevice cuda(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("CUDA device " + index + " is not valid: expected 0 or more");
        }
        return new ComputeDevice(index, true);
    }

    public boolean isCuda() {
        return cudaIndex >= 0;
    }

    /** This device, or for a plain {@code cuda} in a data-parallel run the GPU of the process's {@code LOCAL_RANK}. */
    public ComputeDevice forLocalRank(int localRank) {
        return isCuda() && !indexGiven ? new ComputeDevice(localRank, true) : this;
    }

    /** Moves {@code module}'s parameters and buffers here. */
    public void move(Module module) {
        module.to(torchDevice(), false);
    }

    /**
     * {@code tensor} on this device: the tensor itself when it is there already; to a GPU from
     * pinned host memory without waiting for the copy (the stream orders it before the step's
     * kernels), so the next batch's copy overlaps this one's work.
     */
    public Tensor place(Tensor tensor) {
        if (!isCuda()) {
            return tensor.is_cuda() ? tensor.cpu() : tensor;
        }
        if (tensor.is_cuda() && tensor.device().index() == cudaIndex) {
            return tensor;
        }
        Tensor source = tensor.is_cuda() ? tensor : tensor.pin_memory();
        return source.to(torchDevice(), source.scalar_type(), true, false, new MemoryFormatOptional());
    }

    /** Why this device cannot be used here, or null when it can. */
    public String unavailableReason() {
        if (!isCuda()) {
            return null;
        }
        if (!torch.cuda_is_available()) {
            return gpuBuild() ? this + " was asked for, but LibTorch sees no GPU: the NVIDIA driver is missing or sees no device"
                    + " (nvidia-smi tells which)"
                    : this + " was asked for, but this is the CPU build of LibTorch: build the GPU one with"
                    + " `mvn -Pgpu package` (docs/gpu.md)";
        }
        int count = torch.cuda_device_count();
        return cudaIndex < count ? null : this + " was asked for, but LibTorch sees " + count + " CUDA device(s)";
    }

    /** The LibTorch device; only for a device whose {@link #unavailableReason} is null. */
    public Device torchDevice() {
        return isCuda() ? new Device(torch.DeviceType.CUDA, (byte) cudaIndex) : new Device(torch.DeviceType.CPU);
    }

    /** Whether the GPU LibTorch (the {@code -Pgpu} build's native libraries) is on the class path. */
    private static boolean gpuBuild() {
        return ComputeDevice.class.getClassLoader().getResource("org/bytedeco/pytorch/" + Loader.getPlatform() + "-gpu/") != null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ComputeDevice device && device.cudaIndex == cudaIndex;
    }

    @Override
    public int hashCode() {
        return cudaIndex;
    }

    @Override
    public String toString() {
        return isCuda() ? "cuda:" + cudaIndex : "cpu";
    }
}
