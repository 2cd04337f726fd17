package dev.cdc.core.upload;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;

/**
 * The link's throughput over the last few chunk transfers: their bytes over their time. A
 * window (rather than a long average) lets k follow a link that slows down or speeds up; summing
 * before dividing weights each transfer by its duration, so one slow transfer counts as much as
 * it cost.
 */
public final class LinkMeter {
    private final int window;
    private final Deque<double[]> transfers = new ArrayDeque<>();

    public LinkMeter(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window " + window + " is not valid: expected at least 1 transfer");
        }
        this.window = window;
    }

    public void record(long bytes, double seconds) {
        record(bytes, seconds, 1);
    }

    /**
     * A transfer that shared the link with others: {@code sharing} chunks (itself included) were
     * in flight when it started, so it had about that share of the link, and its time counts
     * divided by it. That keeps the estimate the link's rate whether the link's bandwidth or its
     * round trip limits it: n transfers of b bytes taking t each, side by side, moved n*b bytes in
     * about t.
     */
    public void record(long bytes, double seconds, int sharing) {
        if (sharing < 1) {
            throw new IllegalArgumentException("sharing " + sharing + " is not valid: expected at least 1 transfer");
        }
        transfers.addLast(new double[] {bytes, Math.max(seconds, 1e-6) / sharing});
        if (transfers.size() > window) {
            transfers.removeFirst();
        }
    }

    /** Bytes per second over the window; empty before the first transfer. */
    public OptionalDouble bytesPerSecond() {
        if (transfers.isEmpty()) {
            return OptionalDouble.empty();
        }
        double bytes = 0;
        double seconds = 0;
        for (double[] t : transfers) {
            bytes += t[0];
            seconds += t[1];
        }
        return OptionalDouble.of(bytes / seconds);
    }
}
