package dev.cdc.bench;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.codec.ReferenceCodec;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Single-thread CPU codec throughput in elements per second: the reference against the fast
 * path, both against a plain copy of the input (the floor any pass over the data pays); the
 * LibTorch op-chain peer is {@link LibTorchChainBenchmark}. Quote ratios between rows of one run, not absolute numbers: these machines are shared.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CpuCodecBenchmark {
    /** 2^20 elements: a batch of 256 MNIST-sized latents of 4096, larger than L2. */
    public static final int ELEMENTS = 1 << 20;

    @Param({"1", "2", "4", "8"})
    public int bits;

    @Param({"fixed", "block64"})
    public String mode;

    private float[] input;
    private byte[] packed;
    private float[] decoded;
    private float[] copy;
    private ReferenceCodec reference;
    private FastCodec fast;


    @Setup
    public void setUp() {
        CodecSpec spec = mode.equals("fixed") ? CodecSpec.fixed(bits, 0f, 1f) : CodecSpec.block(bits, 64);
        reference = new ReferenceCodec(spec);
        fast = new FastCodec(spec);
        SplittableRandom random = new SplittableRandom(42);
        input = new float[ELEMENTS];
        for (int i = 0; i < ELEMENTS; i++) {
            input[i] = (float) random.nextDouble();
        }
        packed = new byte[spec.recordBytesExact(ELEMENTS)];
        decoded = new float[ELEMENTS];
        copy = new float[ELEMENTS];
        fast.encode(input, 0, ELEMENTS, packed, 0);
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void encodeReference(Blackhole hole) {
        reference.encode(input, 0, ELEMENTS, packed, 0);
        hole.consume(packed);
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void encodeFast(Blackhole hole) {
        fast.encode(input, 0, ELEMENTS, packed, 0);
        hole.consume(packed);
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void decodeReference(Blackhole hole) {
        reference.decode(packed, 0, ELEMENTS, decoded, 0);
        hole.consume(decoded);
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void decodeFast(Blackhole hole) {
        fast.decode(packed, 0, ELEMENTS, decoded, 0);
        hole.consume(decoded);
    }

    /** The peer every pass over the input is bounded by. */
    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void copyInput(Blackhole hole) {
        System.arraycopy(input, 0, copy, 0, ELEMENTS);
        hole.consume(copy);
    }
}
