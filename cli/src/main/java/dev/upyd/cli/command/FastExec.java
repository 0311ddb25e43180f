package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.CliSettings;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.client.UnixSockets;
import dev.upyd.cli.grammar.UpydevGrammar;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Set;

/**
 * The hot path without picocli: {@code upyd exec NAME CODE}, {@code upyd exec CODE -@ NAME} and
 * upydev's {@code upyd CODE -@ NAME}, with one plain device name and no options. picocli's model costs
 * more start-up time than the whole exec round trip, and these lines are what scripts run in loops.
 * Anything else (wildcards, groups, options, --help, a code word that looks like an option) returns
 * null and goes through picocli; {@code FastExecTest} checks both paths give the same output and exit code.
 */
public final class FastExec {
    private FastExec() {
    }

    /** The (device, code) of a line this path serves, or null. */
    public static String[] match(String[] a, Set<String> verbs) {
        if (a.length == 3 && a[0].equals("exec") && word(a[1]) && word(a[2])) {
            return new String[] {a[1], a[2]};
        }
        if (a.length == 4 && a[0].equals("exec") && a[2].equals("-@") && word(a[1]) && word(a[3])) {
            return new String[] {a[3], a[1]};
        }
        if (a.length == 3 && a[1].equals("-@") && word(a[0]) && word(a[2]) && !verbs.contains(a[0])
                && !UpydevGrammar.UPYDEV_ONLY.contains(a[0]) && !a[0].matches("[A-Za-z_][A-Za-z0-9_-]*@[^\\s@]+")) {
            return new String[] {a[2], a[0]};
        }
        return null;
    }

    private static boolean word(String s) {
        return !s.isEmpty() && !s.startsWith("-") && !s.startsWith("@");
    }

    /**
     * Starts the JDK's Unix-socket set-up on two other threads while this one prepares the request (JVM class
     * initialisation is thread-safe: whoever needs a class another thread is initialising waits for it, so
     * this only ever moves work earlier). One thread runs {@link UnixSockets#prepare()}; the other sets up
     * java.lang.invoke through {@code SelectorProvider.provider()}'s lambda, because the Unix-socket
     * initialiser itself uses a lambda (for its temporary directory), and the first lambda of a JVM costs
     * about 5 ms that can overlap the rest.
     */
    public static void warmUpUnixSockets() {
        UnixSockets.announcePrepare();
        start(new WarmUp(true), "upyd-warm-up-sockets");
        start(new WarmUp(false), "upyd-warm-up-invoke");
    }

    private static void start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    /**
     * A class, not a lambda: the first lambda of a JVM sets up java.lang.invoke (about 6 ms), which this
     * path keeps off its main thread (the same reason ExecSupport and DaemonClient use small classes).
     */
    private static final class WarmUp implements Runnable {
        private final boolean sockets;

        WarmUp(boolean sockets) {
            this.sockets = sockets;
        }

        @Override
        public void run() {
            if (sockets) {
                UnixSockets.prepare();
            } else {
                java.nio.channels.spi.SelectorProvider.provider();
            }
        }
    }

    /**
     * Leaves the process after the fast path has flushed its output. {@code halt}, not {@code exit}: this
     * path registers no shutdown hooks, and from JDK 21 {@code Runtime.exit} asks System.Logger whether to
     * log the exit, which initialises java.util.logging (about 30 ms, measured on JDK 25).
     */
    public static void exit(int code) {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    /** Runs a matched line; null when the device name needs the full resolver (wildcard, group name). */
    public static Integer run(String device, String code, CliSettings settings, PrintWriter out, PrintWriter err) {
        if (device.indexOf('*') >= 0 || device.indexOf('?') >= 0 || device.equals("gg") || device.equals("UPY_G")
                || Files.exists(settings.cwd().resolve(device + ".config"))
                || Files.exists(settings.home().resolve(device + ".config"))) {
            return null;
        }
        try (DaemonClient client = DaemonClient.connect(settings, device, code)) {
            return ExecSupport.stream(new DeviceRun(device, client, settings, out, err, false, false), code);
        } catch (CliException e) {
            err.println("upyd: " + e.getMessage());
            return e.exitCode();
        } catch (java.io.IOException e) {
            err.println("upyd: " + e.getMessage());
            return Main.ExitCodes.INTERNAL;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
