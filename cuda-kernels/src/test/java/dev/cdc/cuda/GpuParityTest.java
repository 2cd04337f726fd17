package dev.cdc.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdc.nativeconfig.Backends;
import org.junit.jupiter.api.Test;

/** The kernels on a real GPU against the Java codec; skips, saying why, where there is none. */
class GpuParityTest {

    @Test
    void kernelsMatchTheJavaCodecOnTheGpu() throws CudaException {
        boolean available = Backends.isAvailable(CudaProbe.NAME);
        assumeTrue(available, () -> {
            String why = "skipped (no GPU check ran): " + Backends.unavailabilityCause(CudaProbe.NAME);
            System.out.println(why);
            return why;
        });
        GpuSelfTest.Report report = GpuSelfTest.run(0, 1L << 28, 1L << 26, System.out::println);
        report.parity().stream().filter(p -> !p.passed()).limit(10).forEach(System.out::println);
        assertTrue(report.passed(), "GPU kernels differ from the Java codec");
    }
}
