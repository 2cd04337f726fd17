package dev.cdc.bench;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.FastCodec;
import dev.cdc.bench.compare.LibTorchQuantizePack;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The fast CPU encoder against the same quantize-and-pack written as a chain of LibTorch CPU ops,
 * both on one thread, fixed mode, in elements per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LibTorchChainBenchmark {
    @Param({"1", "2", "4", "8"})
    public int bits;

    private float[] input;
    private byte[] packed;
    private FastCodec fast;
    private LibTorchQuantizePack chain;
    private Tensor inputTensor;

    @Setup
    public void setUp() {
        torch.set_num_threads(1);
        SplittableRandom random = new SplittableRandom(42);
        input = new float[CpuCodecBenchmark.ELEMENTS];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextDouble();
        }
        CodecSpec spec = CodecSpec.fixed(bits, 0f, 1f);
        fast = new FastCodec(spec);
        packed = new byte[spec.recordBytesExact(input.length)];
        chain = new LibTorchQuantizePack(bits, 0f, 1f);
        inputTensor = Tensor.create(input, input.length);
    }

    @Benchmark
    @OperationsPerInvocation(CpuCodecBenchmark.ELEMENTS)
    public void encodeFast(Blackhole hole) {
        fast.encode(input, 0, input.length, packed, 0);
        hole.consume(packed);
    }

    @Benchmark
    @OperationsPerInvocation(CpuCodecBenchmark.ELEMENTS)
    public void encodeLibTorchChain(Blackhole hole) {
        try (PointerScope scope = new PointerScope()) {
            hole.consume(chain.apply(inputTensor).numel());
        }
    }
}
