package dev.upyd.cli.command;

import java.util.Locale;

/** Sizes as upydev prints them: 1000-based units. */
final class Units {
    private Units() {
    }

    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " by";
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1000.0);
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
}
