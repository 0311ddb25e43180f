package dev.upyd.bench;

import java.util.Arrays;

/** Durations of repeated runs, in nanoseconds; percentiles by the nearest-rank method. */
final class Samples {
    private final long[] nanos;

    Samples(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        this.nanos = nanos.clone();
        Arrays.sort(this.nanos);
    }

    int count() {
        return nanos.length;
    }

    /** Nearest-rank percentile, p in (0, 100]. */
    double percentileMs(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile " + p + " is not in (0, 100]");
        }
        int rank = (int) Math.ceil(p / 100.0 * nanos.length);
        return nanos[Math.max(0, rank - 1)] / 1e6;
    }

    double medianMs() {
        return percentileMs(50);
    }

    double p90Ms() {
        return percentileMs(90);
    }

    double minMs() {
        return nanos[0] / 1e6;
    }

    double maxMs() {
        return nanos[nanos.length - 1] / 1e6;
    }
}
