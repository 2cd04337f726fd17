package dev.cdc.cuda;

import dev.cdc.core.codec.CodecSpec;
import java.util.Arrays;
import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Kernel throughput against the device's own device-to-device copy of the same floats, timed
 * with CUDA events in the same run, so the fraction of copy bandwidth is a ratio of peers.
 */
public final class KernelThroughput {
    private static final int TIMED_REPEATS = 10;

    /** Bytes moved (floats read plus codes written, or the reverse) per second, in GB/s. */
    public record Result(String spec, long elements, double encodeGBps, double decodeGBps, double copyGBps,
            double encodeFractionOfCopy) {
    }

    private KernelThroughput() {
    }

    /** One record of {@code elements} floats (the stream kernels), in fixed mode at k bits. */
    static Result measure(CudaLatentCodec codec, CodecSpec spec, long elements) throws CudaException {
        int n = Math.toIntExact(elements);
        long floatBytes = 4L * n;
        long packedBytes = spec.recordBytesExact(n);
        try (DeviceBuffer in = new DeviceBuffer(floatBytes); DeviceBuffer packed = new DeviceBuffer(packedBytes);
                DeviceBuffer copy = new DeviceBuffer(floatBytes)) {
            in.fill((byte) 0x3e);  // 0x3e3e3e3e = 0.186: inside [0, 1], so every code path does real work
            double encode = medianSeconds(() -> codec.encode(in.address(), packed.address(), 1, n, spec, null), null);
            double decode = medianSeconds(() -> codec.decode(packed.address(), in.address(), 1, n, spec, null), null);
            double copySeconds = medianSeconds(() -> CudaContext.check(
                    cudart.cuMemcpyDtoD(copy.address(), in.address(), floatBytes), "cuMemcpyDtoD"), null);
            double moved = floatBytes + packedBytes;
            double copyRate = 2.0 * floatBytes / copySeconds / 1e9;
            double encodeRate = moved / encode / 1e9;
            return new Result(spec.toString(), elements, encodeRate, moved / decode / 1e9, copyRate, encodeRate / copyRate);
        }
    }

    /** Work queued on a stream. */
    @FunctionalInterface
    public interface DeviceWork {
        void run() throws CudaException;
    }

    /**
     * Median seconds of work queued on {@code stream} ({@code null}: the legacy default stream),
     * timed with CUDA events around each run after one warm-up run, so host overhead between
     * launches counts only where it stalls the device.
     */
    public static double medianSeconds(DeviceWork work, CUstream_st stream) throws CudaException {
        CUevent_st start = new CUevent_st();
        CUevent_st stop = new CUevent_st();
        CudaContext.check(cudart.cuEventCreate(start, 0), "cuEventCreate");
        CudaContext.check(cudart.cuEventCreate(stop, 0), "cuEventCreate");
        try (FloatPointer millis = new FloatPointer(1)) {
            work.run();
            double[] seconds = new double[TIMED_REPEATS];
            for (int i = 0; i < TIMED_REPEATS; i++) {
                CudaContext.check(cudart.cuEventRecord(start, stream), "cuEventRecord");
                work.run();
                CudaContext.check(cudart.cuEventRecord(stop, stream), "cuEventRecord");
                CudaContext.check(cudart.cuEventSynchronize(stop), "cuEventSynchronize");
                CudaContext.check(cudart.cuEventElapsedTime(millis, start, stop), "cuEventElapsedTime");
                seconds[i] = millis.get() / 1e3;
            }
            Arrays.sort(seconds);
            return seconds[TIMED_REPEATS / 2];
        } finally {
            cudart.cuEventDestroy(start);
            cudart.cuEventDestroy(stop);
        }
    }
}
