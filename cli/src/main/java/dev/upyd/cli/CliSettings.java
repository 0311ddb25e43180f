package dev.upyd.cli;

import dev.upyd.pki.UpydHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Every tunable of the CLI process, with its default, read once from the environment (and system
 * properties of the same name in lower-case dotted form, e.g. {@code upyd.socket}). Commands receive
 * this object instead of reading {@code System.getenv} themselves, so tests can run the whole CLI
 * against a temporary home and socket without touching the process environment.
 *
 * <pre>
 * UPYD_SOCKET          daemon socket; default $XDG_RUNTIME_DIR/upyd/upyd.sock, else /tmp/upyd-&lt;uid&gt;/upyd.sock
 * UPYD_HOME            keys + UPY_G.config; default $XDG_CONFIG_HOME/upyd, else ~/.config/upyd (pki UpydHome)
 * UPYD_DEVICE          target used when a device command names none (default: the only device, if one)
 * UPYD_COLOR           auto | always | never (default auto = colours only on a terminal; NO_COLOR disables)
 * UPYD_HELLO_TIMEOUT_MS   how long to wait for the daemon's HelloOk (default 3000)
 * UPYD_TIMEOUT_S       limit for one device command, 0 = none, Ctrl-C cancels (default 0)
 * UPYD_CHUNK_BYTES     size of the Data messages of a put (default 32768; must stay under the 1 MiB frame)
 * UPYD_PARALLEL        devices served at once by a group fan-out (default 8)
 * UPYD_PROGRESS_MS     minimum interval between progress-bar redraws (default 100)
 * UPYD_HISTORY_DIR     shell history per device (default $UPYD_HOME/history)
 * UPYD_HISTORY_SIZE    lines kept per device history (default 1000)
 * UPYD_RECONNECT_WAIT_S   how long the shell waits for the daemon to bring a dropped session back (default 60)
 * UPYD_MIP_INDEX       package index of `install` (default https://micropython.org/pi/v2; --index wins)
 * UPYD_MIP_TIMEOUT_S   connect/read timeout of one `install` download (default 30)
 * UPYD_FW_URL          base of the firmware download pages `fw` reads (default micropython.org's)
 * UPYD_MPY_CROSS       the mpy-cross `mpyx` runs (default: mpy-cross on PATH, else tools/mpy-cross)
 * HOME                 where `register`/`lsdevs` find ~/.profile and `log` keeps ~/.upydev_logs (default user.home)
 * </pre>
 */
public final class CliSettings {
    private final Map<String, String> env;
    private final Path socket;
    private final Path home;
    private final Path cwd;

    private CliSettings(Map<String, String> env, Path cwd) {
        this.env = Map.copyOf(env);
        this.cwd = cwd;
        this.home = UpydHome.resolve(env);
        this.socket = resolveSocket(env);
    }

    public static CliSettings fromEnvironment() {
        return new CliSettings(System.getenv(), Path.of("").toAbsolutePath());
    }

    /** For tests and embedding: an explicit environment and working directory. */
    public static CliSettings of(Map<String, String> env, Path cwd) {
        return new CliSettings(env, cwd.toAbsolutePath());
    }

    /** The same settings with another local working directory (the shell's {@code lcd}). */
    public CliSettings withCwd(Path dir) {
        return new CliSettings(env, dir.toAbsolutePath().normalize());
    }

    public Path socket() {
        return socket;
    }

    public Path home() {
        return home;
    }

    /** The directory relative local paths are resolved against (the process cwd in production). */
    public Path cwd() {
        return cwd;
    }

    public String defaultDevice() {
        return get("UPYD_DEVICE", "");
    }

    public String colorMode() {
        if (env.containsKey("NO_COLOR")) {
            return "never";
        }
        return get("UPYD_COLOR", "auto");
    }

    public long helloTimeoutMillis() {
        return getLong("UPYD_HELLO_TIMEOUT_MS", 3000);
    }

    public long commandTimeoutSeconds() {
        return getLong("UPYD_TIMEOUT_S", 0);
    }

    public int chunkBytes() {
        long v = getLong("UPYD_CHUNK_BYTES", 32768);
        // a Data frame carries header + length fields; stay well under protocol's 1 MiB frame limit
        return (int) Math.max(256, Math.min(v, dev.upyd.protocol.api.MessageCodec.MAX_CHUNK));
    }

    public int parallelism() {
        return (int) Math.max(1, getLong("UPYD_PARALLEL", 8));
    }

    public long progressIntervalMillis() {
        return getLong("UPYD_PROGRESS_MS", 100);
    }

    public Path historyDir() {
        String d = get("UPYD_HISTORY_DIR", "");
        return d.isEmpty() ? home.resolve("history") : Path.of(d);
    }

    public int historySize() {
        return (int) getLong("UPYD_HISTORY_SIZE", 1000);
    }

    public long reconnectWaitSeconds() {
        return getLong("UPYD_RECONNECT_WAIT_S", 60);
    }

    /** A raw environment variable, or null. */
    public String env(String name) {
        return env.get(name);
    }

    public Path userHome() {
        return Path.of(get("HOME", System.getProperty("user.home")));
    }

    /** PATH, for finding helper programs (ping, mpy-cross); "" when unset. */
    public String path() {
        return get("PATH", "");
    }

    public String mipIndex() {
        return get("UPYD_MIP_INDEX", "https://micropython.org/pi/v2");
    }

    public long mipTimeoutSeconds() {
        return Math.max(1, getLong("UPYD_MIP_TIMEOUT_S", 30));
    }

    private String get(String name, String dflt) {
        String prop = System.getProperty(name.toLowerCase().replace('_', '.'));
        if (prop != null && !prop.isBlank()) {
            return prop;
        }
        String v = env.get(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    private long getLong(String name, long dflt) {
        String v = get(name, "");
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new CliException(Main.ExitCodes.USAGE, name + "=" + v + " is not a number");
        }
    }

    private static Path resolveSocket(Map<String, String> env) {
        String explicit = env.get("UPYD_SOCKET");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            return Path.of(runtime, "upyd", "upyd.sock");
        }
        return Path.of("/tmp", "upyd-" + uid(), "upyd.sock");
    }

    /** Numeric uid without spawning {@code id -u} (start-up time): the Uid line of /proc/self/status. */
    static String uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[0];
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through to the user name, still unique per user
        }
        return System.getProperty("user.name", "user");
    }
}
