package dev.cdc.cuda;

/**
 * The GPU self-test as a process, for an edge runtime that has only the driver, the CUDA runtime
 * and NVRTC (no LibTorch, no {@code cdc} command): {@code .device/run.sh} starts it. Its one job
 * is to turn {@link GpuSelfTest}'s report into output and an exit code.
 */
public final class GpuSelfTestMain {
    private GpuSelfTestMain() {
    }

    /**
     * {@code java -cp CUDA_KERNELS_CLASSPATH dev.cdc.cuda.GpuSelfTestMain [DEVICE [MAX_PARITY_ELEMENTS
     * [THROUGHPUT_ELEMENTS]]]}. Exit 0 when every parity case passes, 1 when one differs, 2 for bad
     * arguments, 3 when CUDA cannot run.
     */
    public static void main(String[] args) {
        long[] values = {0, 1L << 26, 1L << 26};
        try {
            if (args.length > values.length) {
                throw new NumberFormatException("at most 3 arguments");
            }
            for (int i = 0; i < args.length; i++) {
                values[i] = Long.parseLong(args[i]);
            }
        } catch (NumberFormatException e) {
            System.err.println("usage: GpuSelfTestMain [DEVICE [MAX_PARITY_ELEMENTS [THROUGHPUT_ELEMENTS]]], whole numbers ("
                    + e.getMessage() + ")");
            System.exit(2);
        }
        try {
            GpuSelfTest.Report report = GpuSelfTest.run((int) values[0], values[1], values[2], System.out::println);
            System.out.println(report.passed() ? "PASSED" : "FAILED");
            System.exit(report.passed() ? 0 : 1);
        } catch (CudaException e) {
            System.err.println("GPU self-test could not run: " + e.getMessage());
            System.exit(3);
        }
    }
}
