package dev.cdc.cuda;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.FastCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;

/**
 * What {@code cdc selftest --gpu} runs on a workstation or a Jetson: the kernels against the
 * Java codec on every k and range mode, at sizes from 0 up, with poisoned output buffers; then
 * throughput against the device's own device-to-device copy, measured in the same run.
 */
public final class GpuSelfTest {
    private static final byte POISON = (byte) 0xA5;
    private static final int TIMED_REPEATS = 10;

    /** One parity case. */
    public record Parity(String spec, long elements, boolean bytesMatch, boolean floatsMatch) {
    }

    /** Throughput of one spec on {@code elements} floats. */
    public record Throughput(String spec, long elements, double encodeGBps, double decodeGBps, double copyGBps,
            double encodeFractionOfCopy) {
    }

    /** The whole report. */
    public record Report(String device, String arch, String nvrtc, boolean cubinFromCache, List<Parity> parity,
            List<Throughput> throughput, boolean passed) {
    }

    public static Report run(int device, long maxParityElements, long throughputElements, Consumer<String> log)
            throws CudaException {
        try (CudaContext context = CudaContext.open(device)) {
            CudaLatentCodec codec = CudaLatentCodec.load(context, new NvrtcCompiler(NvrtcCompiler.defaultCache()));
            log.accept("device " + context.name() + " (" + codec.compiled().arch() + "), NVRTC " + codec.compiled().nvrtcVersion());
            List<Parity> parity = new ArrayList<>();
            for (CodecSpec spec : specs()) {
                for (long size : sizes(maxParityElements)) {
                    Parity result = parity(codec, spec, size);
                    parity.add(result);
                    if (!result.bytesMatch() || !result.floatsMatch()) {
                        log.accept("MISMATCH " + result);
                    }
                }
            }
            List<Throughput> throughput = new ArrayList<>();
            for (int bits : new int[] {1, 2, 4, 8}) {
                Throughput t = throughput(codec, CodecSpec.fixed(bits, 0f, 1f), throughputElements);
                throughput.add(t);
                log.accept(String.format("k=%d fixed: encode %.1f GB/s (%.0f%% of copy %.1f GB/s), decode %.1f GB/s", bits,
                        t.encodeGBps(), 100 * t.encodeFractionOfCopy(), t.copyGBps(), t.decodeGBps()));
            }
            boolean passed = parity.stream().allMatch(p -> p.bytesMatch() && p.floatsMatch());
            return new Report(context.name(), codec.compiled().arch(), codec.compiled().nvrtcVersion(),
                    codec.compiled().fromCache(), parity, throughput, passed);
        }
    }

    static List<CodecSpec> specs() {
        List<CodecSpec> specs = new ArrayList<>();
        for (int k = 1; k <= 8; k++) {
            specs.add(CodecSpec.fixed(k, 0f, 1f));
            specs.add(CodecSpec.fixed(k, -2.5f, 3.75f));
            specs.add(CodecSpec.block(k, 64));
            specs.add(CodecSpec.block(k, 7));
        }
        return specs;
    }

    static List<Long> sizes(long max) {
        List<Long> sizes = new ArrayList<>(List.of(0L, 1L, 31L, 32L, 33L, 1000L, 4099L));
        for (long size = 1L << 16; size <= max; size <<= 4) {
            sizes.add(size + 3);
        }
        return sizes;
    }

    /** One record of {@code size} elements: normal data with every special value mixed in. */
    static float[] data(long size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE,
            -Float.MIN_VALUE, 1f, -2.5f, 3.75f, 1e-30f};
        float[] x = new float[(int) size];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 97 < specials.length ? specials[i % 97] : (float) (random.nextGaussian() * 0.5 + 0.5);
        }
        return x;
    }

    private static Parity parity(CudaLatentCodec codec, CodecSpec spec, long size) throws CudaException {
        int n = (int) size;
        float[] x = data(size, size * 31 + spec.bits());
        int recordBytes = spec.recordBytesExact(n);
        byte[] expected = new byte[recordBytes];
        FastCodec reference = new FastCodec(spec);
        reference.encode(x, 0, n, expected, 0);
        float[] expectedFloats = new float[n];
        reference.decode(expected, 0, n, expectedFloats, 0);

        try (DeviceBuffer in = new DeviceBuffer(4L * n + 4); DeviceBuffer packed = new DeviceBuffer(recordBytes + 4L);
                DeviceBuffer out = new DeviceBuffer(4L * n + 4)) {
            in.upload(new FloatPointer(x), 4L * n);
            packed.fill(POISON);
            out.fill(POISON);
            codec.encode(in.address(), packed.address(), 1, n, spec, null);
            CudaContext.check(cudart.cuCtxSynchronize(), "cuCtxSynchronize");
            byte[] actual = new byte[recordBytes];
            BytePointer host = new BytePointer(Math.max(1, recordBytes));
            packed.download(host, recordBytes);
            host.get(actual);
            boolean bytes = Arrays.equals(expected, actual);
            codec.decode(packed.address(), out.address(), 1, n, spec, null);
            CudaContext.check(cudart.cuCtxSynchronize(), "cuCtxSynchronize");
            FloatPointer floats = new FloatPointer(Math.max(1, n));
            out.download(floats, 4L * n);
            float[] actualFloats = new float[n];
            floats.get(actualFloats);
            boolean same = true;
            for (int i = 0; i < n && same; i++) {
                same = Float.floatToRawIntBits(actualFloats[i]) == Float.floatToRawIntBits(expectedFloats[i]);
            }
            return new Parity(spec.toString(), size, bytes, same);
        }
    }

    private static Throughput throughput(CudaLatentCodec codec, CodecSpec spec, long elements) throws CudaException {
        int n = (int) Math.min(elements, Integer.MAX_VALUE / 8);
        long records = elements / n;
        long floatBytes = 4L * n * records;
        long packedBytes = records * spec.recordBytesExact(n);
        try (DeviceBuffer in = new DeviceBuffer(floatBytes); DeviceBuffer packed = new DeviceBuffer(packedBytes);
                DeviceBuffer copy = new DeviceBuffer(floatBytes)) {
            in.fill((byte) 0x3e);
            double encode = median(() -> codec.encode(in.address(), packed.address(), records, n, spec, null));
            double decode = median(() -> codec.decode(packed.address(), in.address(), records, n, spec, null));
            double copySeconds = median(() -> CudaContext.check(cudart.cuMemcpyDtoD(copy.address(), in.address(), floatBytes),
                    "cuMemcpyDtoD"));
            double moved = floatBytes + packedBytes;
            double copyRate = 2.0 * floatBytes / copySeconds / 1e9;
            double encodeRate = moved / encode / 1e9;
            return new Throughput(spec.toString(), elements, encodeRate, moved / decode / 1e9, copyRate, encodeRate / copyRate);
        }
    }

    @FunctionalInterface
    private interface DeviceWork {
        void run() throws CudaException;
    }

    /** Median seconds of the work, timed with CUDA events after one warm-up run. */
    private static double median(DeviceWork work) throws CudaException {
        CUevent_st start = new CUevent_st();
        CUevent_st stop = new CUevent_st();
        CudaContext.check(cudart.cuEventCreate(start, 0), "cuEventCreate");
        CudaContext.check(cudart.cuEventCreate(stop, 0), "cuEventCreate");
        work.run();
        double[] seconds = new double[TIMED_REPEATS];
        try (FloatPointer millis = new FloatPointer(1)) {
            for (int i = 0; i < TIMED_REPEATS; i++) {
                CudaContext.check(cudart.cuEventRecord(start, (CUstream_st) null), "cuEventRecord");
                work.run();
                CudaContext.check(cudart.cuEventRecord(stop, (CUstream_st) null), "cuEventRecord");
                CudaContext.check(cudart.cuEventSynchronize(stop), "cuEventSynchronize");
                CudaContext.check(cudart.cuEventElapsedTime(millis, start, stop), "cuEventElapsedTime");
                seconds[i] = millis.get() / 1e3;
            }
        }
        cudart.cuEventDestroy(start);
        cudart.cuEventDestroy(stop);
        Arrays.sort(seconds);
        return seconds[TIMED_REPEATS / 2];
    }

    /** Device memory freed on close. */
    static final class DeviceBuffer implements AutoCloseable {
        private final long address;
        private final long size;

        DeviceBuffer(long size) throws CudaException {
            this.size = Math.max(1, size);
            try (LongPointer pointer = new LongPointer(1)) {
                CudaContext.check(cudart.cuMemAlloc(pointer, this.size), "cuMemAlloc " + this.size);
                address = pointer.get();
            }
        }

        long address() {
            return address;
        }

        void fill(byte value) throws CudaException {
            CudaContext.check(cudart.cuMemsetD8(address, value, size), "cuMemsetD8");
        }

        void upload(org.bytedeco.javacpp.Pointer host, long bytes) throws CudaException {
            if (bytes > 0) {
                CudaContext.check(cudart.cuMemcpyHtoD(address, host, bytes), "cuMemcpyHtoD");
            }
        }

        void download(org.bytedeco.javacpp.Pointer host, long bytes) throws CudaException {
            if (bytes > 0) {
                CudaContext.check(cudart.cuMemcpyDtoH(host, address, bytes), "cuMemcpyDtoH");
            }
        }

        @Override
        public void close() {
            cudart.cuMemFree(address);
        }
    }
}
