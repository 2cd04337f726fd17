package dev.cdc.training;

import dev.cdc.nativeconfig.ThreadSettings;
import org.bytedeco.pytorch.global.torch;

/** What every LibTorch job does first: use the thread count {@link ThreadSettings} decides. */
public final class LibTorchRuntime {
    private static boolean configured;

    private LibTorchRuntime() {
    }

    /** Sets LibTorch's intra-op threads once per process ({@code CDC_THREADS}, else all cores). */
    public static synchronized void configure() {
        if (!configured) {
            torch.set_num_threads(ThreadSettings.threads());
            configured = true;
        }
    }

    /** Sets LibTorch's intra-op threads to {@code threads}, for jobs that run several trainings side by side. */
    public static synchronized void configure(int threads) {
        torch.set_num_threads(threads);
        configured = true;
    }
}
