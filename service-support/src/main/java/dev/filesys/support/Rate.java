package dev.filesys.support;

import java.time.Duration;

/**
 * An allowance: up to {@code burst} at once, then one more every {@code every} (a token bucket that holds {@code burst}
 * tokens and gains one each {@code every}).
 *
 * @param burst how many may come at once after a quiet spell
 * @param every how often one more is allowed once the burst is spent
 */
public record Rate(int burst, Duration every) {

    public Rate {
        if (burst < 1) {
            throw new IllegalArgumentException("a rate's burst must be at least 1");
        }
        if (every == null || !every.isPositive()) {
            throw new IllegalArgumentException("a rate's interval must be positive");
        }
    }

    /** How long an empty bucket takes to fill up again: after this long unused, a key may be forgotten. */
    Duration refillTime() {
        return every.multipliedBy(burst);
    }
}
