package dev.upyd.daemon.device;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential reconnect delays with jitter and a cap: base, 2*base, 4*base ... cap, each multiplied
 * by a random factor in [1-jitter, 1], so a fleet of devices that dropped together does not reconnect
 * in lock step, and no wait ever exceeds the cap (the bound within which a returning device is found).
 */
public final class Backoff {
    private final long baseMs;
    private final long capMs;
    private final double jitter;
    private final RandomGenerator random;
    private int failures;

    public Backoff(Duration base, Duration cap, double jitter, RandomGenerator random) {
        if (base.isNegative() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff: need 0 <= base <= cap, got " + base + ", " + cap);
        }
        this.baseMs = Math.max(1, base.toMillis());
        this.capMs = Math.max(1, cap.toMillis());
        this.jitter = jitter;
        this.random = random;
    }

    /** The delay before the next attempt; every call counts one more failure. */
    public long nextDelayMillis() {
        int shift = Math.min(failures, 30);
        failures++;
        long raw = Math.min(capMs, baseMs << shift);
        double factor = 1 - random.nextDouble() * jitter; // downward only: even at the cap delays differ
        return Math.max(1, Math.round(raw * factor));
    }

    /** After a successful session the next drop starts again at the base delay. */
    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }

    /** The longest a single wait can be: the bound within which a returning device is found. */
    public long capMillis() {
        return capMs;
    }
}
