package dev.cdc.cli;

import dev.cdc.nativeconfig.ThreadSettings;
import dev.cdc.training.LibTorchRuntime;
import picocli.CommandLine.Option;

/** {@code --jobs}: trainings side by side, the threads shared out among them. */
public final class JobsOption {
    @Option(names = "--jobs", paramLabel = "N",
            description = "Trainings side by side, each with CDC_THREADS / N LibTorch threads (default: the number of "
                    + "threads, so each has one; the results do not depend on it).")
    Integer jobs;

    /**
     * The number of jobs, with LibTorch's threads set to their share: on these small models one
     * thread per training trains more images per second than several threads on one.
     */
    int configure() {
        int threads = ThreadSettings.threads();
        int parallel = jobs != null ? jobs : threads;
        if (parallel < 1 || parallel > 64) {
            throw new UsageException("--jobs " + parallel + " is not valid: expected 1..64");
        }
        LibTorchRuntime.configure(Math.max(1, threads / parallel));
        return parallel;
    }
}
