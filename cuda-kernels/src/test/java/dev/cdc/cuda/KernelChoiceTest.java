package dev.cdc.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.RangeMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which kernels a batch takes, and that the GPU parity cases reach every one of them (no GPU needed). */
class KernelChoiceTest {

    @Test
    void streamKernelsTakeFixedModeBatchesWithoutPaddedRecords() {
        CodecSpec k1 = CodecSpec.fixed(1, 0f, 1f);
        assertTrue(LaunchPlanner.streams(1, 7, k1, 0), "one record never pads in the middle of the stream");
        assertFalse(LaunchPlanner.streams(37, 7, k1, 0), "7 one-bit codes pad each record's last byte");
        assertTrue(LaunchPlanner.streams(37, 392, k1, 256));
        assertFalse(LaunchPlanner.streams(37, 392, k1, 257), "packed bytes off word alignment");
        assertTrue(LaunchPlanner.streams(37, 7, CodecSpec.fixed(8, 0f, 1f), 0));
        assertFalse(LaunchPlanner.streams(37, 6, CodecSpec.fixed(3, 0f, 1f), 0), "18 bits pad to 24");
        assertFalse(LaunchPlanner.streams(1, 392, CodecSpec.block(8, 64), 0), "block mode interleaves ranges");
    }

    @Test
    void parityCasesReachEveryKernelAndAlignment() {
        List<KernelParity.Shape> shapes = KernelParity.shapes(1L << 20, 1000);
        for (CodecSpec spec : KernelParity.specs()) {
            if (spec.mode() == RangeMode.FIXED) {
                assertTrue(shapes.stream().anyMatch(s -> s.records() > 1 && streams(s, spec)),
                        "no batch for the stream kernels at " + spec);
                assertTrue(shapes.stream().anyMatch(s -> s.records() > 1 && s.n() > 32 && !streams(s, spec)),
                        "no batch for the per-group kernels at " + spec);
            }
        }
        assertTrue(shapes.stream().anyMatch(s -> s.n() == 0), "no empty record");
        assertTrue(shapes.stream().anyMatch(s -> s.n() >= 1 << 20), "nothing near the largest size asked for");
        assertTrue(shapes.stream().anyMatch(s -> s.floatOffset() % 16 != 0), "no floats off 16-byte alignment");
        assertTrue(shapes.stream().anyMatch(s -> s.packedOffset() % 4 != 0), "no packed bytes off word alignment");
        assertTrue(KernelParity.specs().stream().map(CodecSpec::bits).distinct().count() == 8, "not every k");
    }

    private static boolean streams(KernelParity.Shape shape, CodecSpec spec) {
        return LaunchPlanner.streams(shape.records(), shape.n(), spec, shape.packedOffset());
    }
}
