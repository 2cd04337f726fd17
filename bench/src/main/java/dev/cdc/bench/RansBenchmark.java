package dev.cdc.bench;

import dev.cdc.core.CdcFormatException;
import dev.cdc.core.entropy.CodeTables;
import dev.cdc.core.entropy.RansCoder;
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
 * Single-thread rANS throughput in codes per second, on one chunk of 256 MNIST-shaped records
 * (2x7x7 codes each) with one table per position fitted on codes skewed as a trained model's are:
 * coding and decoding, against a plain copy of the codes (the floor any pass pays). The per-image
 * comparison with the networks is {@code cdc bench entropy}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RansBenchmark {
    public static final int RECORDS = 256;
    public static final int ELEMENTS = 98;
    public static final int CODES = RECORDS * ELEMENTS;

    @Param({"1", "2", "4", "8"})
    public int bits;

    private byte[] symbols;
    private byte[] stream;
    private byte[] decoded;
    private byte[] copy;
    private CodeTables tables;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        int alphabet = 1 << bits;
        symbols = new byte[CODES];
        for (int i = 0; i < CODES; i++) {
            // Each position has its usual code most of the time, as a trained latent does.
            int usual = (i % ELEMENTS * 7) % alphabet;
            symbols[i] = (byte) (random.nextInt(3) == 0 ? random.nextInt(alphabet) : usual);
        }
        tables = CodeTables.fit(symbols, RECORDS, 1, ELEMENTS, alphabet, CodeTables.Layout.PER_POSITION);
        stream = RansCoder.encode(symbols, CODES, tables);
        decoded = new byte[CODES];
        copy = new byte[CODES];
    }

    @Benchmark
    @OperationsPerInvocation(CODES)
    public void encode(Blackhole hole) {
        hole.consume(RansCoder.encode(symbols, CODES, tables));
    }

    @Benchmark
    @OperationsPerInvocation(CODES)
    public void decode(Blackhole hole) throws CdcFormatException {
        RansCoder.decode(stream, 0, stream.length, CODES, tables, decoded);
        hole.consume(decoded);
    }

    @Benchmark
    @OperationsPerInvocation(CODES)
    public void copy(Blackhole hole) {
        System.arraycopy(symbols, 0, copy, 0, CODES);
        hole.consume(copy);
    }
}
