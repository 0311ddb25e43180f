package dev.upyd.cli.transfer;

import dev.upyd.cli.client.DaemonClient;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line transfer progress bar with rate and ETA, redrawn in place with {@code \r} on a terminal;
 * nothing at all when output is piped (scripts and logs must not fill up with carriage returns).
 */
public final class ProgressBar implements DaemonClient.ProgressListener {
    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final String label;
    private final boolean enabled;
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    public ProgressBar(PrintWriter err, String label, boolean enabled, long intervalMillis) {
        this.err = err;
        this.label = label;
        this.enabled = enabled;
        this.intervalNanos = intervalMillis * 1_000_000;
    }

    @Override
    public void progress(long done, long total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDraw < intervalNanos && done < total) {
            return;
        }
        lastDraw = now;
        drawn = true;
        err.print("\r" + line(done, total, (now - start) / 1e9) + "\u001b[K");
        err.flush();
    }

    /** Ends the line (the bar stays visible with its final numbers). */
    public void finish() {
        if (enabled && drawn) {
            err.println();
            err.flush();
        }
    }

    String line(long done, long total, double seconds) {
        double frac = total > 0 ? Math.min(1.0, (double) done / total) : 0;
        int fill = (int) Math.round(frac * WIDTH);
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 && total > done ? formatSeconds((total - done) / rate) : "0s";
        return String.format(Locale.ROOT, "%s [%s%s] %3.0f%% %s/%s %s/s ETA %s", label, "#".repeat(fill),
                " ".repeat(WIDTH - fill), frac * 100, human(done), human(total), human((long) rate), eta);
    }

    static String human(long b) {
        if (b < 1000) {
            return b + "B";
        }
        if (b < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fkB", b / 1e3);
        }
        return String.format(Locale.ROOT, "%.2fMB", b / 1e6);
    }

    static String formatSeconds(double s) {
        long t = Math.round(s);
        return t < 60 ? t + "s" : t / 60 + "m" + String.format("%02d", t % 60) + "s";
    }
}
