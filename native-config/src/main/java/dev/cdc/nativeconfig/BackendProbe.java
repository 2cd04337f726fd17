package dev.cdc.nativeconfig;

/**
 * Checks whether one native backend can be used here. Modules that bring a backend (LibTorch in
 * {@code training}, CUDA in {@code cuda-kernels}) register a probe through
 * {@code META-INF/services/dev.cdc.nativeconfig.BackendProbe}; {@link Backends} runs each once.
 * A probe may throw anything, {@link UnsatisfiedLinkError} included: {@link Backends} turns it
 * into a cause.
 */
public interface BackendProbe {

    /** Short, stable name: {@code libtorch}, {@code cuda}. */
    String name();

    /** Loads what is needed and reports; called at most once per process. */
    ProbeResult probe() throws Exception;
}
