package dev.cdc.training.model;

import static org.bytedeco.pytorch.global.torch.manual_seed;

import java.util.function.Supplier;

/**
 * LibTorch's default generator is one per process. Whatever seeds it and then draws from it
 * (initialising a module's weights) holds this lock, so jobs running side by side on several
 * threads still get the weights their seed names. Training itself draws nothing from it: the
 * cloud classifier's dropout masks and augmentation come from seeded Java generators.
 */
public final class TorchSeed {
    /** Held while LibTorch's default generator is seeded and drawn from. */
    public static final Object LOCK = new Object();

    private TorchSeed() {
    }

    /** {@code create}'s result, made right after seeding LibTorch's generator with {@code seed}. */
    public static <T> T seeded(long seed, Supplier<T> create) {
        synchronized (LOCK) {
            manual_seed(seed);
            return create.get();
        }
    }
}
