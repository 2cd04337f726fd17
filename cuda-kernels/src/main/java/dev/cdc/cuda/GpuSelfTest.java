package dev.cdc.cuda;

import dev.cdc.core.codec.CodecSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What {@code cdc selftest --gpu} runs on a workstation or a Jetson: the kernels against the
 * Java codec ({@link KernelParity}), then throughput against the device's own device-to-device
 * copy, measured in the same run ({@link KernelThroughput}).
 */
public final class GpuSelfTest {

    /** The whole report. */
    public record Report(String device, String arch, String nvrtc, boolean cubinFromCache, List<KernelParity.Case> parity,
            List<KernelThroughput.Result> throughput, boolean passed) {
    }

    private GpuSelfTest() {
    }

    /**
     * Runs the kernels against the Java codec on {@code device} ({@code maxParityElements} the
     * largest parity case) and then times them on {@code throughputElements}; {@code log} hears
     * each step. The caller decides what a failure means for its process ({@code cdc selftest
     * --gpu}, or {@link GpuSelfTestMain} on a machine with no {@code cdc}).
     */
    public static Report run(int device, long maxParityElements, long throughputElements, Consumer<String> log)
            throws CudaException {
        try (CudaContext context = CudaContext.open(device)) {
            CudaLatentCodec codec = CudaLatentCodec.load(context, new NvrtcCompiler(NvrtcCompiler.defaultCache()));
            log.accept("device " + context.name() + " (" + codec.compiled().arch() + "), NVRTC " + codec.compiled().nvrtcVersion()
                    + (codec.compiled().fromCache() ? ", kernels from the cache" : ", kernels compiled now"));
            List<KernelParity.Case> parity = KernelParity.run(codec, maxParityElements);
            parity.stream().filter(c -> !c.passed()).forEach(c -> log.accept("MISMATCH " + c));
            log.accept(parity.size() + " parity cases, " + parity.stream().filter(c -> !c.passed()).count() + " failed");
            List<KernelThroughput.Result> throughput = new ArrayList<>();
            for (int bits = 1; bits <= 8; bits++) {
                KernelThroughput.Result t = KernelThroughput.measure(codec, CodecSpec.fixed(bits, 0f, 1f), throughputElements);
                throughput.add(t);
                log.accept(String.format("k=%d fixed: encode %.1f GB/s (%.0f%% of copy %.1f GB/s), decode %.1f GB/s", bits,
                        t.encodeGBps(), 100 * t.encodeFractionOfCopy(), t.copyGBps(), t.decodeGBps()));
            }
            boolean passed = parity.stream().allMatch(KernelParity.Case::passed);
            return new Report(context.name(), codec.compiled().arch(), codec.compiled().nvrtcVersion(),
                    codec.compiled().fromCache(), parity, throughput, passed);
        }
    }
}
