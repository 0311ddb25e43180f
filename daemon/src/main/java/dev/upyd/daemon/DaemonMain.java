package dev.upyd.daemon;

import dev.upyd.daemon.api.SocketGuard;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code upyd daemon [--socket PATH] [--log-level LEVEL]}: runs in the foreground until SIGTERM /
 * Ctrl-C (graceful: running commands get the shutdown grace) or a Shutdown request.
 * Exit codes: 0 stopped normally, 2 bad usage or settings, 3 socket in use, 78 configuration problem.
 */
public final class DaemonMain {
    static {
        // before anything touches java.util.logging (see DaemonLogging.installManager)
        DaemonLogging.installManager();
    }

    private DaemonMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        try {
            parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("upyd daemon: " + e.getMessage() + "\n" + usage());
            return 2;
        }
        if (List.of(args).contains("-h") || List.of(args).contains("--help")) {
            System.out.println(usage());
            return 0;
        }
        return serve();
    }

    private static void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--socket" -> System.setProperty("upyd.socket", value(args, ++i));
                case "--log-level" -> System.setProperty("upyd.log.level", value(args, ++i));
                case "-h", "--help" -> {
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
    }

    private static int serve() {
        DaemonSettings settings;
        try {
            settings = DaemonSettings.load();
            settings.validate();
            DaemonLogging.configure(settings.logLevel(), settings.environment());
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("upyd daemon: " + e.getMessage());
            return 2;
        }
        Logger log = Logger.getLogger(DaemonMain.class.getName());
        Daemon daemon = new Daemon(settings);
        Thread hook = new Thread(() -> {
            daemon.shutdown();
            DaemonLogging.DaemonLogManager.releaseAtShutdown();
        }, "upyd-sigterm");
        try {
            daemon.start();
        } catch (SocketGuard.SocketInUseException e) {
            log.severe(e.getMessage());
            return 3;
        } catch (Daemon.StartupException e) {
            log.severe(e.getMessage());
            return 78;
        } catch (Exception e) {
            log.severe("cannot start: " + e);
            daemon.shutdown();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(hook);
        daemon.terminated().join();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down because of a signal: the hook is running
        }
        return 0;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value after " + args[i - 1]);
        }
        return args[i];
    }

    static String usage() {
        StringBuilder sb = new StringBuilder("usage: upyd daemon [--socket PATH] [--log-level LEVEL]\n\nsettings"
                + " (system property upyd.KEY, environment UPYD_KEY, or UPYD_HOME/upyd.properties):\n");
        for (DaemonSettings.Tunable t : DaemonSettings.all().values()) {
            sb.append(String.format("  %-24s %-28s default %-10s %s%n", t.key(), t.env(),
                    t.defaultValue().isEmpty() ? "(none)" : t.defaultValue(), t.doc()));
        }
        return sb.toString();
    }
}
