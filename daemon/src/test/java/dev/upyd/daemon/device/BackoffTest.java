package dev.upyd.daemon.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheCapWithinTheJitterBand() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), 0.2, new Random(42));
        long[] expect = {100, 200, 400, 800, 1000, 1000, 1000};
        for (long e : expect) {
            long d = b.nextDelayMillis();
            assertTrue(d >= Math.round(e * 0.8) && d <= e, "delay " + d + " for " + e);
        }
        b.reset();
        long d = b.nextDelayMillis();
        assertTrue(d >= 80 && d <= 100, "after reset: " + d);
    }

    @Test
    void noJitterIsExact() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofMillis(30000), 0, new Random(1));
        assertEquals(500, b.nextDelayMillis());
        assertEquals(1000, b.nextDelayMillis());
        assertEquals(2, b.failures());
        for (int i = 0; i < 100; i++) {
            b.nextDelayMillis(); // no overflow after many failures
        }
        assertEquals(30000, b.nextDelayMillis());
    }

    @Test
    void jitterSpreadsDelays() {
        Backoff a = new Backoff(Duration.ofMillis(1000), Duration.ofMillis(1000), 0.2, new Random(1));
        Backoff b = new Backoff(Duration.ofMillis(1000), Duration.ofMillis(1000), 0.2, new Random(7));
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 10; i++) {
            seen.add(a.nextDelayMillis());
            seen.add(b.nextDelayMillis());
        }
        assertTrue(seen.size() > 10, "delays at the cap must still differ: " + seen);
    }
}
