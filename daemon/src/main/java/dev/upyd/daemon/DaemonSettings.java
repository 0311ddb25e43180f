package dev.upyd.daemon;

import dev.upyd.pki.UpydHome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;

/**
 * Every tunable of the daemon with its default, in one place (like maven-mvnd's Environment).
 * A value is looked up, first match wins, as: JVM system property {@code upyd.<key>}, environment
 * variable {@code UPYD_<KEY>} (upper case, dots to underscores), {@code UPYD_HOME/upyd.properties}
 * (key as listed below), then the default.
 */
public final class DaemonSettings {

    /** One tunable: its key, default and why it exists. */
    public record Tunable(String key, String defaultValue, String doc) {
        public String env() {
            return "UPYD_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
        }
    }

    private static final Map<String, Tunable> ALL = new LinkedHashMap<>();

    /** Unix socket of the local API; default $XDG_RUNTIME_DIR/upyd/upyd.sock, else /tmp/upyd-UID/upyd.sock. Env UPYD_SOCKET. */
    public static final Tunable SOCKET = t("socket", "", "local API socket path (empty = default location)");
    /** First reconnect delay after a drop; doubles per failed attempt. Default 500 ms. */
    public static final Tunable BACKOFF_BASE = t("backoff.base.ms", "500", "first reconnect delay");
    /** Longest reconnect delay, so a device that comes back is found within this bound. Default 30 s. */
    public static final Tunable BACKOFF_CAP = t("backoff.cap.ms", "30000", "longest reconnect delay");
    /** Fraction of random jitter (downward) on every delay, so many devices do not reconnect in lock step. Default 0.2. */
    public static final Tunable BACKOFF_JITTER = t("backoff.jitter", "0.2", "random fraction taken off each delay");
    /** Wrong password / certificate rejected: retry this slowly (the device will not change by itself). Default 5 min. */
    public static final Tunable AUTH_RETRY = t("auth.retry.ms", "300000", "retry interval after auth failure");
    /** After a reset the daemon itself caused, retry at this short interval ... Default 250 ms. */
    public static final Tunable RESET_RETRY = t("reset.retry.ms", "250", "retry interval after a reset we caused");
    /** ... for at most this long (a board reboots in a few seconds), then normal backoff. Default 20 s. */
    public static final Tunable RESET_WINDOW = t("reset.window.ms", "20000", "how long fast retries last after our reset");
    /** Idle time after which a GET_VER liveness probe is sent (devices never answer WebSocket pings). Default 10 s. */
    public static final Tunable LIVENESS_INTERVAL = t("liveness.interval.ms", "10000", "idle time before a GET_VER probe");
    /** A session that sent a probe and heard nothing for this long is declared dead and reconnected. Default 30 s. */
    public static final Tunable DEAD_AFTER = t("liveness.dead.after.ms", "30000", "silence after a probe that means dead");
    /** Connection attempts (TCP + TLS + login) in flight at once, across all devices. Default 16. */
    public static final Tunable CONNECT_PARALLEL = t("connect.parallel", "16", "connection attempts at once");
    /**
     * TCP keepalive on device connections: idle seconds before the first probe. While an exec runs no GET_VER
     * probe can be sent (it would land in the program's input), so a board that lost power or WiFi under a long
     * program is only found by the kernel's keepalive: dead after idle + interval * count (30 s by default).
     * 0 = keepalive off. Default 15 s.
     */
    public static final Tunable KEEPALIVE_IDLE = t("tcp.keepalive.idle.s", "15", "TCP keepalive idle seconds, 0 = off");
    /** Seconds between unanswered TCP keepalive probes. Default 5 s. */
    public static final Tunable KEEPALIVE_INTERVAL = t("tcp.keepalive.interval.s", "5", "TCP keepalive probe interval");
    /** Unanswered TCP keepalive probes after which the kernel drops the connection. Default 3. */
    public static final Tunable KEEPALIVE_COUNT = t("tcp.keepalive.count", "3", "TCP keepalive probes before dead");
    /** TCP connect timeout. Default 5 s. */
    public static final Tunable CONNECT_TIMEOUT = t("connect.timeout.ms", "5000", "TCP connect timeout");
    /** TLS handshake timeout; a device with no answer blocks itself, so never wait forever. Default 10 s. */
    public static final Tunable HANDSHAKE_TIMEOUT = t("tls.handshake.timeout.ms", "10000", "TLS handshake timeout");
    /** Upgrade + WebREPL login + raw REPL entry must complete within this. Default 10 s. */
    public static final Tunable LOGIN_TIMEOUT = t("login.timeout.ms", "10000", "upgrade + login + raw REPL entry timeout");
    /** Longest a single exec may run; 0 = no limit (device programs may run for hours). Default 0. */
    public static final Tunable COMMAND_TIMEOUT = t("command.timeout.ms", "0", "exec time limit, 0 = none");
    /** After Ctrl-C, wait this long for the REPL prompt before dropping and reconnecting. Default 3 s. */
    public static final Tunable CANCEL_GRACE = t("cancel.grace.ms", "3000", "wait for the prompt after Ctrl-C");
    /** A file transfer step (or a raw REPL helper command) with no progress for this long fails. Default 30 s. */
    public static final Tunable FILE_TIMEOUT = t("file.timeout.ms", "30000", "file transfer stall timeout");
    /** Largest file accepted for PUT (buffered in memory until complete, then written atomically). Default 16 MiB. */
    public static final Tunable MAX_PUT_BYTES = t("max.put.bytes", "16777216", "largest PUT file");
    /** SIGTERM: running commands get this long to finish before sessions are closed. Default 10 s. */
    public static final Tunable SHUTDOWN_GRACE = t("shutdown.grace.ms", "10000", "bound for commands at shutdown");
    /** A local API connection must send Hello within this, or it is closed (it would hold a client slot). Default 10 s. */
    public static final Tunable API_HELLO_TIMEOUT = t("api.hello.timeout.ms", "10000", "time for a client's Hello");
    /** Local API connections accepted at once; more are refused with an error. Default 64. */
    public static final Tunable MAX_CLIENTS = t("max.clients", "64", "concurrent local API clients");
    /** Bytes queued for a local API client that does not read before it is dropped (above the largest file). Default 32 MiB. */
    public static final Tunable CLIENT_MAX_UNREAD = t("api.client.max.unread.bytes", "33554432", "unread bytes before a client is dropped");
    /** Unread bytes at which a client's streamed output pauses reading from the device (backpressure). Default 1 MiB. */
    public static final Tunable CLIENT_PAUSE_AT = t("api.client.pause.at.bytes", "1048576", "unread bytes that pause the device");
    /** An exec whose client drains nothing for this long while paused is interrupted. Default 10 s. */
    public static final Tunable CLIENT_GIVE_UP = t("api.client.give.up.ms", "10000", "paused without progress, then interrupt");
    /** How often UPY_G.config is checked for changes. Default 1 s. */
    public static final Tunable CONFIG_POLL = t("config.poll.ms", "1000", "config file poll interval");
    /** java.util.logging level name (SEVERE, WARNING, INFO, FINE, ...). Default INFO. */
    public static final Tunable LOG_LEVEL = t("log.level", "INFO", "log level");
    /** HOST:PORT of the Prometheus endpoint GET /metrics, or "off". Env UPYD_METRICS. Default 127.0.0.1:9833. */
    public static final Tunable METRICS = t("metrics", "127.0.0.1:9833", "metrics endpoint HOST:PORT, or off");
    /** How long an mDNS lookup of NAME.local waits for an answer before the connect attempt fails. Default 3 s. */
    public static final Tunable MDNS_TIMEOUT = t("mdns.timeout.ms", "3000", "mDNS answer timeout");
    /** mDNS queries are repeated at this interval until answered or timed out. Default 1 s. */
    public static final Tunable MDNS_RESEND = t("mdns.resend.ms", "1000", "mDNS query repeat interval");
    /** Interfaces that join the mDNS group (comma-separated names); empty = every multicast-capable IPv4 interface. */
    public static final Tunable MDNS_INTERFACES = t("mdns.interfaces", "", "mDNS interfaces, empty = all");

    private static Tunable t(String key, String def, String doc) {
        Tunable t = new Tunable(key, def, doc);
        ALL.put(key, t);
        return t;
    }

    private final Map<String, String> env;
    private final Properties system;
    private final Properties file;
    private final Path home;

    private DaemonSettings(Map<String, String> env, Properties system, Path home) {
        this.env = Map.copyOf(env);
        this.system = system;
        this.home = home;
        this.file = new Properties();
        Path p = home.resolve("upyd.properties");
        if (Files.isRegularFile(p)) {
            try (InputStream in = Files.newInputStream(p)) {
                file.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalStateException(p + ": cannot be read (" + e.getMessage() + ")", e);
            }
        }
    }

    /** Settings of this process. */
    public static DaemonSettings load() {
        return of(System.getenv(), System.getProperties());
    }

    public static DaemonSettings of(Map<String, String> env, Properties system) {
        return new DaemonSettings(env, system, UpydHome.resolve(env));
    }

    public static Map<String, Tunable> all() {
        return java.util.Collections.unmodifiableMap(ALL);
    }

    public Map<String, String> environment() {
        return env;
    }

    public Path home() {
        return home;
    }

    public String get(Tunable t) {
        String v = system.getProperty("upyd." + t.key());
        if (v == null) {
            v = env.get(t.env());
        }
        if (v == null) {
            v = file.getProperty(t.key());
        }
        return v == null ? t.defaultValue() : v.trim();
    }

    public long getLong(Tunable t) {
        String v = get(t);
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + t.key() + " (" + t.env() + "): '" + v
                    + "' is not a non-negative whole number");
        }
    }

    public Duration duration(Tunable t) {
        return Duration.ofMillis(getLong(t));
    }

    public double getDouble(Tunable t) {
        String v = get(t);
        try {
            double d = Double.parseDouble(v);
            if (d < 0 || d > 1) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + t.key() + ": '" + v + "' is not a number in [0, 1]");
        }
    }

    public Level logLevel() {
        String v = get(LOG_LEVEL);
        try {
            return Level.parse(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting " + LOG_LEVEL.key() + ": '" + v + "' is not a log level");
        }
    }

    /** The metrics endpoint as HOST:PORT, or empty when switched off. */
    public java.util.Optional<String> metricsAddress() {
        String v = get(METRICS);
        if (v.isEmpty() || v.equalsIgnoreCase("off") || v.equalsIgnoreCase("false")) {
            return java.util.Optional.empty();
        }
        dev.upyd.daemon.metrics.MetricsServer.hostPort(v); // throws with the reason
        return java.util.Optional.of(v);
    }

    /** Checks every value once at start, so a typo fails the start instead of a later reconnect. */
    public void validate() {
        for (Tunable t : ALL.values()) {
            if (t.key().endsWith(".ms") || t.key().startsWith("max.") || t == CONNECT_PARALLEL) {
                getLong(t);
            }
        }
        getDouble(BACKOFF_JITTER);
        logLevel();
        metricsAddress();
    }
}
