package dev.cdc.core.upload;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.function.IntToLongFunction;

/**
 * Picks k for the next chunk. With a deadline, the widest k (best accuracy) whose remaining
 * bytes, at the measured link rate (capped by {@code --max-rate}), plus the remaining encoding
 * time fit in the time left with a safety margin; the narrowest k when none fits. The first
 * chunk, sent before anything is measured, uses the narrowest k, so that a slow link costs
 * little while it is being measured. Without a deadline there is no time to meet: the widest k.
 */
public final class WidthPolicy {
    /** Plan to use this share of the time left, keeping the rest for a link that gets slower. */
    static final double MARGIN = 0.85;
    private final int[] widths;
    private final Duration deadline;
    private final double maxRate;

    /**
     * @param widths   the bundle's widths, ascending
     * @param deadline the whole upload's time budget, or null
     * @param maxRate  the most bytes per second the upload may use, or 0 for no cap
     */
    public WidthPolicy(int[] widths, Duration deadline, double maxRate) {
        if (widths.length == 0) {
            throw new IllegalArgumentException("no widths to choose from");
        }
        this.widths = widths.clone();
        this.deadline = deadline;
        this.maxRate = maxRate;
    }

    public boolean hasDeadline() {
        return deadline != null;
    }

    public Duration deadline() {
        return deadline;
    }

    /**
     * The rate this policy plans with: the measured one, capped by the maximum rate. (The measured
     * one alone is each transfer's burst, which a capped upload never sustains.)
     */
    public double plannedRate(double measuredRate) {
        return maxRate > 0 ? Math.min(measuredRate, maxRate) : measuredRate;
    }

    /**
     * @param remainingBytes     bytes the rest of the upload takes at a given k
     * @param linkRate           measured bytes per second, empty before the first transfer
     * @param encodeSecondsLeft  estimated encoding time for the remaining records
     * @param secondsLeft        time left before the deadline
     */
    public int choose(IntToLongFunction remainingBytes, OptionalDouble linkRate, double encodeSecondsLeft, double secondsLeft) {
        if (deadline == null) {
            return widths[widths.length - 1];
        }
        if (linkRate.isEmpty()) {
            return widths[0];
        }
        double rate = plannedRate(linkRate.getAsDouble());
        double budget = MARGIN * secondsLeft - encodeSecondsLeft;
        for (int i = widths.length - 1; i >= 0; i--) {
            if (remainingBytes.applyAsLong(widths[i]) / rate <= budget) {
                return widths[i];
            }
        }
        return widths[0];
    }
}
