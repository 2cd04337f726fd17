package dev.cdc.cuda;

import java.util.List;

/**
 * One kernel launch, described without CUDA: the kernel's name, how many threads (in blocks of
 * {@link #THREADS_PER_BLOCK}) and its arguments in order, each a {@link Address}, a
 * {@link Long} ({@code long long}), an {@link Integer} ({@code int}) or a {@link Float}.
 * {@link CudaLatentCodec} runs them on a device; the host emulation test runs the same list.
 */
public record KernelLaunch(String kernel, long threads, List<Object> arguments) {
    public static final int THREADS_PER_BLOCK = 256;

    /** A device address argument (a pointer parameter). */
    public record Address(long value) {
    }

    public long blocks() {
        return (threads + THREADS_PER_BLOCK - 1) / THREADS_PER_BLOCK;
    }
}
