package dev.cdc.bench.compare;

import java.util.Arrays;

/**
 * What `cdc bench` times with: a short warm-up, then rounds of repeated calls, each round at
 * least a minimum duration; the result is the median round's seconds per call, which a noisy,
 * shared machine disturbs less than a mean.
 */
public final class Timing {
    private Timing() {
    }

    /** A piece of work that may throw. */
    public interface Work {
        void run() throws Exception;
    }

    public static double medianSecondsPerCall(Work work, int warmupRounds, int rounds, double minRoundSeconds) throws Exception {
        double[] perCall = new double[rounds];
        for (int round = -warmupRounds; round < rounds; round++) {
            long calls = 0;
            long started = System.nanoTime();
            long elapsed;
            do {
                work.run();
                calls++;
                elapsed = System.nanoTime() - started;
            } while (elapsed < minRoundSeconds * 1e9);
            if (round >= 0) {
                perCall[round] = elapsed / 1e9 / calls;
            }
        }
        Arrays.sort(perCall);
        return perCall[rounds / 2];
    }
}
