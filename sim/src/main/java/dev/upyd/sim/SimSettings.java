package dev.upyd.sim;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Every tunable of the simulated device, with its default, in one place (for {@code upyd sim} and for
 * tests that start devices in-process). Immutable; {@link #builder(Path)} and {@link #toBuilder()}
 * make changed copies.
 */
public final class SimSettings {
    /** Which REPL answers behind the WebREPL server. */
    public enum BackendKind {
        /** the real MicroPython WebAssembly interpreter in a Node child process (sim/node/mpsim.mjs) */
        MICROPYTHON,
        /** a Java stand-in with the same protocol surface, cheap enough for hundreds of devices per JVM */
        LIGHT
    }

    /** upydev's WebSecureREPL port ({@code wss_repl.start(ssl=True)} forces it). */
    public static final int DEFAULT_TLS_PORT = 8833;
    /** stock WebREPL's port. */
    public static final int DEFAULT_PLAIN_PORT = 8266;
    /** the captures show ≈2.6 s from a reset until the board accepts again. */
    public static final long DEFAULT_REBOOT_DELAY_MS = 2600;

    private final Path deviceDir;
    private final String name;
    private final String host;
    private final Integer port;
    private final String password;
    private final String uid;
    private final boolean tls;
    private final BackendKind backend;
    private final long rebootDelayMs;
    private final long tlsHandshakeTimeoutMs;
    private final int maxInputFramePayload;
    private final int maxOutputFramePayload;
    private final int rawPasteWindow;
    private final boolean fatRename;
    private final int stalledOutputCap;
    private final String staticHost;
    private final String nodeCommand;
    private final Path upydHome;
    private final long nodeReadyTimeoutMs;
    private final int devices;
    private final Integer basePort;
    private final Path statsFile;
    private final java.util.Set<dev.upyd.sim.hostile.HostileMode> hostile;

    private SimSettings(Builder b) {
        this.deviceDir = Objects.requireNonNull(b.deviceDir, "deviceDir");
        this.name = b.name;
        this.host = b.host;
        this.port = b.port;
        this.password = b.password;
        this.uid = b.uid;
        this.tls = b.tls;
        this.backend = b.backend;
        this.rebootDelayMs = b.rebootDelayMs;
        this.tlsHandshakeTimeoutMs = b.tlsHandshakeTimeoutMs;
        this.maxInputFramePayload = b.maxInputFramePayload;
        this.maxOutputFramePayload = b.maxOutputFramePayload;
        this.rawPasteWindow = b.rawPasteWindow;
        this.fatRename = b.fatRename;
        this.stalledOutputCap = b.stalledOutputCap;
        this.staticHost = b.staticHost;
        this.nodeCommand = b.nodeCommand;
        this.upydHome = b.upydHome;
        this.nodeReadyTimeoutMs = b.nodeReadyTimeoutMs;
        this.devices = b.devices;
        this.basePort = b.basePort;
        this.statsFile = b.statsFile;
        this.hostile = b.hostile.isEmpty() ? java.util.Set.of() : java.util.Collections.unmodifiableSet(
                java.util.EnumSet.copyOf(b.hostile));
        if (maxOutputFramePayload < 1 || maxOutputFramePayload > 0xffff) {
            throw new IllegalArgumentException("maxOutputFramePayload must be 1..65535 (devices never use 64-bit lengths)");
        }
        if (password != null && password.length() > 9) {
            throw new IllegalArgumentException("a WebREPL password has at most 9 characters (modwebrepl.c keeps 10 bytes)");
        }
        if (devices < 1) {
            throw new IllegalArgumentException("devices must be >= 1");
        }
    }

    public static Builder builder(Path deviceDir) {
        return new Builder(deviceDir);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** DEVICE_DIR: the simulated flash {@code /}. */
    public Path deviceDir() {
        return deviceDir;
    }

    /** Device name in the "listening" line and the stats (default {@code dev0}). */
    public String name() {
        return name;
    }

    /** Bind address (default 127.0.0.1: tests and the demo never expose a device). */
    public String host() {
        return host;
    }

    /** TCP port; 0 = ephemeral; default 8833 with TLS, 8266 without. */
    public int port() {
        return port != null ? port : tls ? DEFAULT_TLS_PORT : DEFAULT_PLAIN_PORT;
    }

    /** WebREPL password, or null to read {@code PASS} from DEVICE_DIR/webrepl_cfg.py. */
    public String password() {
        return password;
    }

    /** machine.unique_id() as lowercase hex, or null to use/generate DEVICE_DIR/.sim_uid. */
    public String uid() {
        return uid;
    }

    /** WebSecureREPL (TLS 1.2, client certificate required) when true (default), plain ws otherwise. */
    public boolean tls() {
        return tls;
    }

    public BackendKind backend() {
        return backend;
    }

    /** Time from a reset until the device listens again (default 2600 ms). */
    public long rebootDelayMs() {
        return rebootDelayMs;
    }

    /** A client that does not finish TLS within this time is dropped (default 10000 ms). */
    public long tlsHandshakeTimeoutMs() {
        return tlsHandshakeTimeoutMs;
    }

    /** Largest client frame payload accepted (default 65535: the device only reads 7/16-bit lengths). */
    public int maxInputFramePayload() {
        return maxInputFramePayload;
    }

    /** Largest frame the device writes (default 65535; a real device drops the session at 64 KiB). */
    public int maxOutputFramePayload() {
        return maxOutputFramePayload;
    }

    /** Raw-paste flow-control window of the light backend (default 128 = ESP32 stdin buffer / 2). */
    public int rawPasteWindow() {
        return rawPasteWindow;
    }

    /**
     * The light backend's {@code os.rename} refuses an existing target with EEXIST, as a FAT flash does (default
     * false: it replaces the target, as LittleFS, an ESP32's default, does).
     */
    public boolean fatRename() {
        return fatRename;
    }

    /** REPL output held while {@code setStalled(true)}; beyond it output is dropped (default 1 MiB). */
    public int stalledOutputCap() {
        return stalledOutputCap;
    }

    /** {@code webrepl_cfg.BASE}: where the HTML page sent to non-WebSocket requests loads its client from. */
    public String staticHost() {
        return staticHost;
    }

    /** Node.js executable for the micropython backend (default {@code node} from PATH). */
    public String nodeCommand() {
        return nodeCommand;
    }

    /** Repository root holding sim/node, or null to use -Dupyd.home or search upwards from the jar. */
    public Path upydHome() {
        return upydHome;
    }

    /** How long the micropython backend may take to print {@code [mpsim] ready} (default 20000 ms). */
    public long nodeReadyTimeoutMs() {
        return nodeReadyTimeoutMs;
    }

    /** Number of devices in this process ({@code --devices}, default 1). */
    public int devices() {
        return devices;
    }

    /** Port of device 0 when {@code devices > 1} (device i gets basePort + i; 0 = all ephemeral). */
    public int basePort() {
        return basePort != null ? basePort : port();
    }

    /** JSON counters file rewritten on every change, or null. */
    public Path statsFile() {
        return statsFile;
    }

    /** Attacks the device makes from the start (default none: an honest device); see {@code --hostile}. */
    public java.util.Set<dev.upyd.sim.hostile.HostileMode> hostile() {
        return hostile;
    }

    /** Version reported by GET_VER; both backends are MicroPython 1.27.0. */
    public byte[] firmwareVersion() {
        return new byte[] {1, 27, 0};
    }

    @Override
    public String toString() {
        // no password here: settings end up in logs
        return "SimSettings[name=" + name + ", dir=" + deviceDir + ", " + (tls ? "wss" : "ws") + "://" + host + ":"
                + port() + ", backend=" + backend + ", rebootDelayMs=" + rebootDelayMs + ", devices=" + devices
                + (hostile.isEmpty() ? "" : ", hostile=" + hostile) + "]";
    }

    /** Mutable builder; defaults are the field initialisers. */
    public static final class Builder {
        private Path deviceDir;
        private String name = "dev0";
        private String host = "127.0.0.1";
        private Integer port;
        private String password;
        private String uid;
        private boolean tls = true;
        private BackendKind backend = BackendKind.MICROPYTHON;
        private long rebootDelayMs = DEFAULT_REBOOT_DELAY_MS;
        private long tlsHandshakeTimeoutMs = 10_000;
        private int maxInputFramePayload = 0xffff;
        private int maxOutputFramePayload = 0xffff;
        private int rawPasteWindow = 128;
        private boolean fatRename;
        private int stalledOutputCap = 1 << 20;
        private String staticHost = "https://micropython.org/webrepl/";
        private String nodeCommand = "node";
        private Path upydHome;
        private long nodeReadyTimeoutMs = 20_000;
        private int devices = 1;
        private Integer basePort;
        private Path statsFile;
        private java.util.Set<dev.upyd.sim.hostile.HostileMode> hostile = java.util.Set.of();

        private Builder(Path deviceDir) {
            this.deviceDir = deviceDir;
        }

        private Builder(SimSettings s) {
            deviceDir = s.deviceDir;
            name = s.name;
            host = s.host;
            port = s.port;
            password = s.password;
            uid = s.uid;
            tls = s.tls;
            backend = s.backend;
            rebootDelayMs = s.rebootDelayMs;
            tlsHandshakeTimeoutMs = s.tlsHandshakeTimeoutMs;
            maxInputFramePayload = s.maxInputFramePayload;
            maxOutputFramePayload = s.maxOutputFramePayload;
            rawPasteWindow = s.rawPasteWindow;
            fatRename = s.fatRename;
            stalledOutputCap = s.stalledOutputCap;
            staticHost = s.staticHost;
            nodeCommand = s.nodeCommand;
            upydHome = s.upydHome;
            nodeReadyTimeoutMs = s.nodeReadyTimeoutMs;
            devices = s.devices;
            basePort = s.basePort;
            statsFile = s.statsFile;
            hostile = s.hostile;
        }

        public Builder deviceDir(Path v) { deviceDir = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder password(String v) { password = v; return this; }
        public Builder uid(String v) { uid = v; return this; }
        public Builder tls(boolean v) { tls = v; return this; }
        public Builder backend(BackendKind v) { backend = v; return this; }
        public Builder rebootDelayMs(long v) { rebootDelayMs = v; return this; }
        public Builder tlsHandshakeTimeoutMs(long v) { tlsHandshakeTimeoutMs = v; return this; }
        public Builder maxInputFramePayload(int v) { maxInputFramePayload = v; return this; }
        public Builder maxOutputFramePayload(int v) { maxOutputFramePayload = v; return this; }
        public Builder rawPasteWindow(int v) { rawPasteWindow = v; return this; }
        public Builder fatRename(boolean v) { fatRename = v; return this; }
        public Builder stalledOutputCap(int v) { stalledOutputCap = v; return this; }
        public Builder staticHost(String v) { staticHost = v; return this; }
        public Builder nodeCommand(String v) { nodeCommand = v; return this; }
        public Builder upydHome(Path v) { upydHome = v; return this; }
        public Builder nodeReadyTimeoutMs(long v) { nodeReadyTimeoutMs = v; return this; }
        public Builder devices(int v) { devices = v; return this; }
        public Builder basePort(int v) { basePort = v; return this; }
        public Builder statsFile(Path v) { statsFile = v; return this; }
        public Builder hostile(java.util.Set<dev.upyd.sim.hostile.HostileMode> v) { hostile = Objects.requireNonNull(v, "hostile"); return this; }

        public SimSettings build() {
            return new SimSettings(this);
        }
    }
}
