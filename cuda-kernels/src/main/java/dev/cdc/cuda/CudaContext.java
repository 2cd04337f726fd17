package dev.cdc.cuda;

import dev.cdc.nativeconfig.NativeCauses;
import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One device's primary context, made current on this thread, through the driver API alone (no
 * LibTorch): what an edge runtime needs to launch the codec kernels.
 */
public final class CudaContext implements AutoCloseable {
    private final int device;
    private final CUctx_st context;
    private final int major;
    private final int minor;
    private final String name;

    private CudaContext(int device, CUctx_st context, int major, int minor, String name) {
        this.device = device;
        this.context = context;
        this.major = major;
        this.minor = minor;
        this.name = name;
    }

    public static CudaContext open(int ordinal) throws CudaException {
        try {
            Loader.load(cudart.class);
        } catch (Throwable e) {
            throw new CudaException("CUDA is not available: " + NativeCauses.describe(e));
        }
        check(cudart.cuInit(0), "cuInit");
        try (IntPointer device = new IntPointer(1); IntPointer value = new IntPointer(1)) {
            check(cudart.cuDeviceGet(device, ordinal), "cuDeviceGet " + ordinal);
            CUctx_st context = new CUctx_st();
            check(cudart.cuDevicePrimaryCtxRetain(context, device.get()), "cuDevicePrimaryCtxRetain");
            check(cudart.cuCtxSetCurrent(context), "cuCtxSetCurrent");
            check(cudart.cuDeviceGetAttribute(value, cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device.get()),
                    "cuDeviceGetAttribute");
            int major = value.get();
            check(cudart.cuDeviceGetAttribute(value, cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device.get()),
                    "cuDeviceGetAttribute");
            int minor = value.get();
            try (BytePointer name = new BytePointer(256)) {
                check(cudart.cuDeviceGetName(name, 256, device.get()), "cuDeviceGetName");
                return new CudaContext(device.get(), context, major, minor, name.getString().strip());
            }
        }
    }

    /** Makes this context current on the calling thread again (another device's may have been). */
    public void makeCurrent() throws CudaException {
        check(cudart.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    public int major() {
        return major;
    }

    public int minor() {
        return minor;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        cudart.cuDevicePrimaryCtxRelease(device);
    }

    /** Throws with the driver's name for {@code status} unless it is success. */
    static void check(int status, String call) throws CudaException {
        if (status != cudart.CUDA_SUCCESS) {
            String text = "error " + status;
            try (PointerPointer<BytePointer> message = new PointerPointer<>(1)) {
                if (cudart.cuGetErrorString(status, message) == cudart.CUDA_SUCCESS && message.get(0) != null) {
                    text = new BytePointer(message.get(0)).getString() + " (" + status + ")";
                }
            }
            throw new CudaException(call + " failed: " + text);
        }
    }
}
