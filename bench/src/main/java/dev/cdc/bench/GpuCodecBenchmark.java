package dev.cdc.bench;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.cuda.CudaException;
import dev.cdc.bench.compare.GpuCodecComparison;
import dev.cdc.bench.compare.LibTorchQuantizePack;
import dev.cdc.training.pipeline.TensorLatentCodec;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fixed-mode quantize-and-pack on the GPU, in elements per second: the fused kernel against the
 * LibTorch op chain and a device-to-device copy of the same CUDA tensor. Every invocation waits
 * for the device, so the numbers include one synchronisation each (a few microseconds against
 * the tens of microseconds that 2^26 floats take). Needs a GPU and the {@code -Pgpu} build; on
 * other machines the set-up fails with the reason, and {@code cdc bench codec} says the same.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GpuCodecBenchmark {
    static final int ELEMENTS = 1 << 26;

    @Param({"1", "2", "4", "8"})
    public int bits;

    private Tensor input;
    private Tensor copy;
    private TensorLatentCodec kernel;
    private LibTorchQuantizePack chain;

    @Setup
    public void setUp() {
        String unavailable = GpuCodecComparison.unavailableReason();
        if (unavailable != null) {
            throw new IllegalStateException("GpuCodecBenchmark cannot run here: " + unavailable);
        }
        input = GpuCodecComparison.uniformOnGpu(ELEMENTS, 42, 0);
        copy = torch.empty_like(input);
        kernel = new TensorLatentCodec(CodecSpec.fixed(bits, 0f, 1f));
        chain = new LibTorchQuantizePack(bits, 0f, 1f);
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void fusedKernel() throws CudaException {
        try (PointerScope scope = new PointerScope()) {
            kernel.encode(input.view(1, ELEMENTS));
        }
        torch.cuda_synchronize();
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void libtorchChain() {
        try (PointerScope scope = new PointerScope()) {
            chain.apply(input);
        }
        torch.cuda_synchronize();
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void deviceCopy() {
        copy.copy_(input);
        torch.cuda_synchronize();
    }
}
