package dev.cdc.cli;

import dev.cdc.bench.compare.GpuCodecComparison;
import dev.cdc.cuda.GpuSelfTest;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cdc selftest --gpu}: kernel parity with the Java codec and throughput, on this machine's GPU. */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = "Check the CUDA codec kernels against the Java codec on every k and range mode, at sizes from 0 "
                + "up, with poisoned output buffers, then print throughput in GB/s and as a fraction of the "
                + "device's measured device-to-device copy bandwidth, and against the same work as LibTorch ops on "
                + "the same GPU where the GPU LibTorch is there (-Pgpu build). Needs the NVIDIA driver and CUDA 13 "
                + "(runtime and NVRTC).")
public final class SelftestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOutput json;
    @Option(names = "--gpu", required = true, description = "Test the GPU kernels (the only self-test so far).")
    boolean gpu;
    @Option(names = "--device", defaultValue = "0", paramLabel = "N",
            description = "CUDA device ordinal (default: ${DEFAULT-VALUE}).")
    int device;
    @Option(names = "--max-parity-elements", defaultValue = "67108864", paramLabel = "N",
            description = "Largest record checked for parity (default: ${DEFAULT-VALUE} = 2^26).")
    long maxParity;
    @Option(names = "--throughput-elements", defaultValue = "67108864", paramLabel = "N",
            description = "Floats per throughput measurement (default: ${DEFAULT-VALUE} = 2^26).")
    long throughputElements;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        GpuSelfTest.Report report = GpuSelfTest.run(device, maxParity, throughputElements, line -> {
            err.println(line);
            err.flush();
        });
        // The LibTorch op chain on the same GPU, where the GPU LibTorch is there (-Pgpu build).
        String chainSkipped = GpuCodecComparison.unavailableReason();
        List<GpuCodecComparison.Row> chain = chainSkipped == null
                ? GpuCodecComparison.run(Math.min(throughputElements, Integer.MAX_VALUE), new int[] {1, 2, 4, 8}, device) : List.of();
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(out, new SelftestReport(report, chain, chainSkipped));
        } else {
            long failed = report.parity().stream().filter(p -> !p.passed()).count();
            out.printf("%s (%s): %d parity cases, %d failed%n", report.device(), report.arch(), report.parity().size(), failed);
            report.throughput().forEach(t -> out.printf("  %s on %,d floats: encode %.1f GB/s = %.0f%% of copy (%.1f GB/s), decode %.1f GB/s%n",
                    t.spec(), t.elements(), t.encodeGBps(), 100 * t.encodeFractionOfCopy(), t.copyGBps(), t.decodeGBps()));
            if (chainSkipped != null) {
                out.printf("  against the LibTorch op chain: skipped, %s%n", chainSkipped);
            }
            chain.forEach(r -> out.printf("  k=%d: kernel %.1f GB/s, LibTorch op chain %.1f GB/s: %.1fx%n", r.bits(), r.kernelGBps(),
                    r.libtorchChainGBps(), r.kernelOverChain()));
            out.flush();
        }
        return report.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** What {@code --json} prints; {@code chain} is empty and {@code chainSkipped} says why without the GPU LibTorch. */
    public record SelftestReport(GpuSelfTest.Report kernels, List<GpuCodecComparison.Row> chain, String chainSkipped) {
    }
}
