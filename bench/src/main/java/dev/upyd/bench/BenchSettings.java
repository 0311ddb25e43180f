package dev.upyd.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every tunable of the benchmark process with its default. A value is taken, first match wins, from the
 * command line ({@code --key value}), the JVM system property {@code upyd.bench.<key>}, or the environment
 * {@code UPYD_BENCH_<KEY>} (upper case, dots and dashes to underscores). {@code --quick} swaps in the
 * quick defaults (the second column) so that a check of the whole suite takes about a minute.
 */
final class BenchSettings {
    record Tunable(String key, String defaultValue, String quickValue, String doc) {
        String env() {
            return "UPYD_BENCH_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }

    private static final Map<String, Tunable> ALL = new LinkedHashMap<>();

    static final Tunable LAUNCHER = t("launcher", "bin/upyd", "bin/upyd", "P1: the upyd launcher (CLI built)");
    static final Tunable CLI_RUNS = t("cli-runs", "30", "10", "P1: measured runs of each command (after 3 untimed)");
    static final Tunable WARMUP = t("warmup", "20", "5", "P2: untimed commands before each measured series");
    static final Tunable RUNS = t("runs", "100", "20", "P2: measured commands per series");
    static final Tunable BACKEND = t("backend", "light", "light", "P2/P3 device: light (Java stand-in) or micropython");
    static final Tunable DELAY_MS = t("delay-ms", "5", "5", "P3: delay the proxy adds to every chunk, each way");
    static final Tunable FILE_BYTES = t("file-bytes", "65536", "51200", "P3: size of the file fetched");
    static final Tunable GET_RUNS = t("get-runs", "5", "2", "P3: measured GETs per side (after 1 untimed)");
    static final Tunable DEVICES = t("devices", "1000", "100", "P4: simulated devices (one fleet JVM)");
    static final Tunable FANOUT_ROUNDS = t("fanout-rounds", "5", "3", "P4: fan-out execs to all devices, repeated");
    static final Tunable API_CONNECTIONS = t("api-connections", "16", "8",
            "P4: local API connections the fan-out spreads over (daemon max.clients is 64)");
    static final Tunable ONLINE_TIMEOUT_S = t("online-timeout-s", "600", "120", "P4: give up waiting for all-online");
    static final Tunable DAEMON_JAVA_OPTS = t("daemon-java-opts", "-Xmx256m", "-Xmx256m",
            "P4: JVM options for the daemon process (default: what bin/upyd daemon passes)");
    static final Tunable DAEMON_ENV = t("daemon-env", "", "",
            "P4: extra daemon settings as KEY=VALUE,... (e.g. UPYD_TLS_HANDSHAKE_TIMEOUT_MS=60000)");
    static final Tunable FLEET_TLS_TIMEOUT_MS = t("fleet-tls-timeout-ms", "0", "0",
            "P4: the simulated devices' TLS handshake timeout, 0 = the sim's default");
    static final Tunable FLEET_JAVA_OPTS = t("fleet-java-opts", "", "", "P4: extra JVM options for the fleet process");

    private final Map<String, String> values;
    private final boolean quick;

    private BenchSettings(Map<String, String> values, boolean quick) {
        this.values = values;
        this.quick = quick;
    }

    private static Tunable t(String key, String def, String quick, String doc) {
        Tunable x = new Tunable(key, def, quick, doc);
        ALL.put(key, x);
        return x;
    }

    static Map<String, Tunable> all() {
        return ALL;
    }

    /** Options from the command line ({@code --key value}); unknown keys are an error. */
    static BenchSettings of(Map<String, String> options, boolean quick) {
        for (String k : options.keySet()) {
            if (!ALL.containsKey(k)) {
                throw new IllegalArgumentException("unknown option --" + k);
            }
        }
        return new BenchSettings(Map.copyOf(options), quick);
    }

    boolean quick() {
        return quick;
    }

    String get(Tunable t) {
        String v = values.get(t.key());
        if (v == null) {
            v = System.getProperty("upyd.bench." + t.key());
        }
        if (v == null) {
            v = System.getenv(t.env());
        }
        return v != null ? v : quick ? t.quickValue() : t.defaultValue();
    }

    int getInt(Tunable t) {
        String v = get(t);
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + t.key() + " (" + t.env() + "): '" + v
                    + "' is not a non-negative whole number");
        }
    }

    static String usage() {
        StringBuilder sb = new StringBuilder();
        for (Tunable t : ALL.values()) {
            sb.append(String.format("  --%-17s %-30s default %-7s quick %-7s %s%n", t.key(), t.env(),
                    t.defaultValue().isEmpty() ? "-" : t.defaultValue(),
                    t.quickValue().isEmpty() ? "-" : t.quickValue(), t.doc()));
        }
        return sb.toString();
    }
}
