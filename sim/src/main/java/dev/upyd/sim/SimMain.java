package dev.upyd.sim;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code upyd sim}: runs simulated devices until SIGTERM/Ctrl-C. Prints one line
 * {@code upyd-sim: device NAME listening on wss://127.0.0.1:PORT} per device when it accepts
 * connections (tests and the demo parse it). Options are parsed by hand: picocli lives in the CLI module.
 */
public final class SimMain {
    static final String USAGE = """
            usage: upyd sim --dir DEVICE_DIR [--port 8833] [--password PW] [--uid HEX] [--tls | --no-tls]
                            [--backend micropython|light] [--devices N --base-port P] [--stats-file F]
                            [--reboot-delay-ms MS] [--name NAME] [--host ADDR] [--hostile MODE[,MODE]]
              --dir DIR            the device's flash '/' (webrepl_cfg.py, SSL_key<UID>.der, SSL_certificate<UID>.der,
                                   ROOT_CA_cert.pem); with --devices N, DIR/dev0 .. DIR/dev<N-1>
              --port N             listening port on 127.0.0.1; 0 = ephemeral (default 8833 with TLS, 8266 without)
              --password PW        WebREPL password (default: PASS in DIR/webrepl_cfg.py)
              --uid HEX            machine.unique_id() in hex (default: DIR/.sim_uid, created once)
              --tls | --no-tls     WebSecureREPL (TLS 1.2, client certificate required; default) or plain ws
              --backend B          micropython (real interpreter in node, default) or light (Java stand-in)
              --devices N          run N devices in this process, named dev0 ..
              --base-port P        port of dev0 when --devices is given (dev<i> gets P+i; 0 = all ephemeral)
              --stats-file F       JSON counters per device, rewritten on every change
              --reboot-delay-ms MS time from a reset until the device accepts again (default 2600)
              --name NAME          device name (default dev0)
              --host ADDR          bind address (default 127.0.0.1; tests move a board to another loopback address)
              --hostile MODES      a malicious device for robustness tests (after a correct TLS + login); MODES is a
                                   comma-separated list of:
            """ + dev.upyd.sim.hostile.HostileMode.help("                       ");

    /** Held so that the level sticks: JUL forgets loggers nobody references. */
    private static final Logger BOUNCY_CASTLE = Logger.getLogger("org.bouncycastle");

    private SimMain() {
    }

    public static void main(String[] args) {
        // BCJSSE reports the JDK's security properties it ignores at INFO/WARNING on every start
        BOUNCY_CASTLE.setLevel(Level.SEVERE);
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs until the JVM is asked to stop; returns an exit code only for start-up errors. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        SimSettings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("upyd-sim: " + e.getMessage());
            err.print(USAGE);
            return 64;
        }
        if (settings == null) {
            out.print(USAGE);
            return 0;
        }
        DeviceFleet fleet;
        try {
            fleet = DeviceFleet.start(settings);
        } catch (SimException e) {
            err.println("upyd-sim: error: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fleet.close(); // kills node children too
            stopped.countDown();
        }, "upyd-sim-shutdown"));
        for (SimulatedDevice d : fleet.devices()) {
            d.onConsole(line -> {
                if (line.startsWith("error ")) {
                    err.println("upyd-sim: device " + d.name() + ": " + line.substring(6));
                }
            });
            out.println("upyd-sim: device " + d.name() + " listening on " + d.url());
        }
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Null for --help. */
    static SimSettings parse(String[] args) {
        SimSettings.Builder b;
        Path dir = null;
        Integer port = null;
        String password = null;
        String uid = null;
        Boolean tls = null;
        SimSettings.BackendKind backend = null;
        Integer devices = null;
        Integer basePort = null;
        Path stats = null;
        Long reboot = null;
        String name = null;
        String host = null;
        java.util.Set<dev.upyd.sim.hostile.HostileMode> hostile = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String opt = a;
            String inline = null;
            if (a.startsWith("--") && a.contains("=")) {
                opt = a.substring(0, a.indexOf('='));
                inline = a.substring(a.indexOf('=') + 1);
            }
            boolean flag = opt.equals("-h") || opt.equals("--help") || opt.equals("--tls") || opt.equals("--no-tls");
            if (flag && inline != null) {
                throw new IllegalArgumentException(opt + " takes no value");
            }
            String v = null;
            if (!flag) {
                if (inline != null) {
                    v = inline;
                } else if (i + 1 < args.length) {
                    v = args[++i];
                } else {
                    throw new IllegalArgumentException(opt + " needs a value");
                }
            }
            switch (opt) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--tls" -> tls = true;
                case "--no-tls" -> tls = false;
                case "--dir" -> dir = Path.of(v);
                case "--port" -> port = port(v, opt, true);
                case "--password" -> password = v;
                case "--uid" -> uid = v;
                case "--backend" -> {
                    backend = switch (v.toLowerCase(Locale.ROOT)) {
                        case "micropython" -> SimSettings.BackendKind.MICROPYTHON;
                        case "light" -> SimSettings.BackendKind.LIGHT;
                        default -> throw new IllegalArgumentException("--backend must be micropython or light, not '" + v + "'");
                    };
                }
                case "--devices" -> devices = integer(v, opt, 1, 10_000);
                case "--base-port" -> basePort = port(v, opt, true);
                case "--stats-file" -> stats = Path.of(v);
                case "--reboot-delay-ms" -> reboot = (long) integer(v, opt, 0, 3_600_000);
                case "--name" -> name = v;
                case "--host" -> host = v;
                case "--hostile" -> hostile = dev.upyd.sim.hostile.HostileMode.parse(v);
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("--dir DEVICE_DIR is required");
        }
        if (basePort != null && devices == null) {
            throw new IllegalArgumentException("--base-port needs --devices N");
        }
        b = SimSettings.builder(dir);
        if (tls != null) {
            b.tls(tls);
        }
        if (port != null) {
            b.port(port);
        }
        if (password != null) {
            if (password.isEmpty() || password.length() > 9) {
                throw new IllegalArgumentException("--password must have 1 to 9 characters (a board keeps at most 9)");
            }
            b.password(password);
        }
        if (uid != null) {
            b.uid(uid);
        }
        if (backend != null) {
            b.backend(backend);
        }
        if (devices != null) {
            b.devices(devices);
        }
        if (basePort != null) {
            b.basePort(basePort);
        }
        if (stats != null) {
            b.statsFile(stats);
        }
        if (reboot != null) {
            b.rebootDelayMs(reboot);
        }
        if (name != null) {
            b.name(name);
        }
        if (host != null) {
            b.host(host);
        }
        if (hostile != null) {
            b.hostile(hostile);
        }
        return b.build();
    }

    private static int port(String v, String opt, boolean zeroOk) {
        return integer(v, opt, zeroOk ? 0 : 1, 65535);
    }

    private static int integer(String v, String opt, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(opt + " must be between " + min + " and " + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + " needs a number, not '" + v + "'");
        }
    }
}
