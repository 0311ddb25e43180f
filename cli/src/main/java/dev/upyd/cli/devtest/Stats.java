package dev.upyd.cli.devtest;

import java.util.Arrays;
import java.util.Locale;

/** min/mean/median/max/stddev of a benchmark's rounds, as pytest-benchmark reports them. */
record Stats(double min, double max, double mean, double median, double stddev, int rounds) {
    static Stats of(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0);
        double var = s.length < 2 ? 0 : Arrays.stream(s).map(x -> (x - mean) * (x - mean)).sum() / (s.length - 1);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return new Stats(s[0], s[s.length - 1], mean, median, Math.sqrt(var), s.length);
    }

    String describe() {
        return String.format(Locale.ROOT, "min %.4f max %.4f mean %.4f median %.4f stddev %.4f (%d rounds)",
                min, max, mean, median, stddev, rounds);
    }
}
