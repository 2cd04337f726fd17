package dev.cdc.core.upload;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: try {@code n} waits a random time up to
 * {@code min(max, initial * 2^(n-1))}, so edges that lost the service together do not come
 * back together.
 *
 * @param attempts tries per chunk, the first included
 */
public record RetryPolicy(int attempts, Duration initial, Duration max) {
    /** About five minutes of retrying in all: a restart of the service or a short outage passes unnoticed. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(14, Duration.ofMillis(200), Duration.ofSeconds(30));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts " + attempts + " is not valid: expected at least 1");
        }
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff from " + initial + " to " + max + " is not valid: expected 0 < initial <= max");
        }
    }

    /** The wait before try {@code attempt} (2, 3, ...). */
    public Duration delayBefore(int attempt) {
        long ceiling = initial.toMillis() << Math.min(attempt - 2, 20);
        ceiling = Math.min(ceiling, max.toMillis());
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }
}
