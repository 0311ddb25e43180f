package dev.upyd.sim.hostile;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which attacks one simulated device makes, switchable at run time from any thread (a test turns the
 * device honest again and expects the host to recover), and what the attacks have sent so far.
 */
public final class HostileControl {
    private volatile Set<HostileMode> modes;
    private final AtomicLong attacks = new AtomicLong();
    private final AtomicLong floodBytes = new AtomicLong();

    public HostileControl(Set<HostileMode> initial) {
        this.modes = freeze(initial);
    }

    /** Replaces the active attacks; none = an honest device. Sessions pick the change up at their next input. */
    public void set(HostileMode... m) {
        set(m.length == 0 ? Set.of() : EnumSet.of(m[0], m));
    }

    public void set(Set<HostileMode> m) {
        modes = freeze(m);
    }

    /** Turns the device honest again. */
    public void off() {
        modes = Set.of();
    }

    public Set<HostileMode> modes() {
        return modes;
    }

    public boolean has(HostileMode m) {
        return modes.contains(m);
    }

    /** Attacks started (an exec or a file request answered with hostile bytes). */
    public long attacks() {
        return attacks.get();
    }

    /** Bytes of endless output written to the link so far (all sessions). */
    public long floodBytes() {
        return floodBytes.get();
    }

    void countAttack() {
        attacks.incrementAndGet();
    }

    void countFlood(long n) {
        floodBytes.addAndGet(n);
    }

    private static Set<HostileMode> freeze(Set<HostileMode> m) {
        return m == null || m.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(m));
    }

    @Override
    public String toString() {
        return "HostileControl" + modes;
    }
}
