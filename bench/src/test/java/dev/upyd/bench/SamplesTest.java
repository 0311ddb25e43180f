package dev.upyd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SamplesTest {
    private static long[] ms(long... v) {
        long[] n = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            n[i] = v[i] * 1_000_000L;
        }
        return n;
    }

    @Test
    void nearestRankPercentilesOfUnsortedInput() {
        Samples s = new Samples(ms(10, 1, 9, 2, 8, 3, 7, 4, 6, 5));
        assertEquals(5.0, s.medianMs());
        assertEquals(9.0, s.p90Ms());
        assertEquals(1.0, s.minMs());
        assertEquals(10.0, s.maxMs());
        assertEquals(10.0, s.percentileMs(100));
    }

    @Test
    void oneSampleIsEveryPercentile() {
        Samples s = new Samples(ms(42));
        assertEquals(42.0, s.medianMs());
        assertEquals(42.0, s.p90Ms());
    }

    @Test
    void refusesNoSamplesAndBadPercentiles() {
        assertThrows(IllegalArgumentException.class, () -> new Samples(new long[0]));
        assertThrows(IllegalArgumentException.class, () -> new Samples(ms(1)).percentileMs(0));
        assertThrows(IllegalArgumentException.class, () -> new Samples(ms(1)).percentileMs(101));
    }
}
