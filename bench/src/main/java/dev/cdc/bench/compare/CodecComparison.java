package dev.cdc.bench.compare;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.codec.ReferenceCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/**
 * Fixed-range quantize-and-pack on the CPU, four ways on the same input in the same run: the
 * plain reference codec, the fast path, the same work as a chain of LibTorch ops (the peer a
 * LibTorch user would write), and a plain copy of the input (the memory's ceiling).
 */
public final class CodecComparison {
    private CodecComparison() {
    }

    /** Millions of elements per second of each, for one k. */
    public record Row(int bits, double reference, double fast, double libtorchChain, double copy) {
        public double fastOverReference() {
            return fast / reference;
        }

        public double fastOverChain() {
            return fast / libtorchChain;
        }

        public double copyOverFast() {
            return copy / fast;
        }
    }

    public static List<Row> run(int elements, int[] widths, int rounds) throws Exception {
        float[] input = new float[elements];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < elements; i++) {
            input[i] = (float) random.nextDouble();
        }
        float[] copy = new float[elements];
        List<Row> rows = new ArrayList<>();
        for (int bits : widths) {
            CodecSpec spec = CodecSpec.fixed(bits, 0f, 1f);
            byte[] packed = new byte[(int) spec.recordBytes(elements)];
            FastCodec fast = new FastCodec(spec);
            ReferenceCodec reference = new ReferenceCodec(spec);
            LibTorchQuantizePack chain = new LibTorchQuantizePack(bits, 0f, 1f);
            Tensor tensor = Tensor.create(input, elements);
            double m = elements / 1e6;
            double referenceRate = m / Timing.medianSecondsPerCall(() -> reference.encode(input, 0, elements, packed, 0), 1, rounds, 0.2);
            double fastRate = m / Timing.medianSecondsPerCall(() -> fast.encode(input, 0, elements, packed, 0), 2, rounds, 0.2);
            double chainRate = m / Timing.medianSecondsPerCall(() -> {
                try (PointerScope scope = new PointerScope()) {
                    chain.apply(tensor);
                }
            }, 2, rounds, 0.2);
            double copyRate = m / Timing.medianSecondsPerCall(() -> System.arraycopy(input, 0, copy, 0, elements), 2, rounds, 0.2);
            rows.add(new Row(bits, referenceRate, fastRate, chainRate, copyRate));
        }
        return rows;
    }
}
