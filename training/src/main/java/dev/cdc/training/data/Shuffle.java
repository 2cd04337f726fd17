package dev.cdc.training.data;

import java.util.SplittableRandom;

/**
 * The order of samples in an epoch, a function of the seed and the epoch alone: a resumed run
 * sees exactly the batches the interrupted one would have.
 */
public final class Shuffle {
    private Shuffle() {
    }

    public static int[] order(int count, long seed, int epoch) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    public static int[] identity(int count) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        return order;
    }
}
