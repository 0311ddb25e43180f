package dev.upyd.daemon;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * java.util.logging set up for a service: one line per record on stderr, no timestamps when stderr
 * goes to the journal ({@code JOURNAL_STREAM} set; journald stamps lines itself), and BouncyCastle's
 * chatter about ignored {@code jdk.tls.disabledAlgorithms} entries silenced.
 */
public final class DaemonLogging {
    private DaemonLogging() {
    }

    /**
     * Must run before anything touches java.util.logging: with our LogManager the JDK's own shutdown
     * hook does not reset (close) the handlers, so the daemon can still log during a graceful SIGTERM.
     */
    public static void installManager() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", DaemonLogManager.class.getName());
        }
    }

    public static void configure(Level level, Map<String, String> env) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler h = new ConsoleHandler(); // stderr
        h.setLevel(Level.ALL);
        h.setFormatter(new OneLineFormatter(!env.containsKey("JOURNAL_STREAM")));
        root.addHandler(h);
        root.setLevel(level);
        Logger.getLogger("org.bouncycastle").setLevel(Level.SEVERE);
        Logger.getLogger("io.netty").setLevel(level.intValue() < Level.INFO.intValue() ? Level.INFO : Level.WARNING);
    }

    /** "LEVEL logger: message" (+ timestamp unless journald adds its own), stack traces only at FINE. */
    public static final class OneLineFormatter extends Formatter {
        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
        private final boolean timestamps;

        public OneLineFormatter(boolean timestamps) {
            this.timestamps = timestamps;
        }

        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(128);
            if (timestamps) {
                sb.append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ');
            }
            sb.append(r.getLevel().getName()).append(' ');
            String name = r.getLoggerName() == null ? "" : r.getLoggerName();
            sb.append(name.substring(name.lastIndexOf('.') + 1)).append(": ");
            sb.append(formatMessage(r).replace('\n', ' '));
            Throwable t = r.getThrown();
            if (t != null) {
                if (Logger.getLogger("").isLoggable(Level.FINE)) {
                    StringWriter sw = new StringWriter();
                    t.printStackTrace(new PrintWriter(sw));
                    sb.append('\n').append(sw);
                } else {
                    sb.append(" (").append(t).append(')');
                }
            }
            return sb.append('\n').toString();
        }
    }

    /** A LogManager whose shutdown-time reset waits until the daemon has finished logging its shutdown. */
    public static final class DaemonLogManager extends LogManager {
        private static volatile boolean allowReset;

        @Override
        public void reset() {
            if (allowReset) {
                super.reset();
            }
        }

        /** Called once the daemon has stopped: from now on a reset really resets. */
        public static void releaseAtShutdown() {
            allowReset = true;
        }
    }
}
