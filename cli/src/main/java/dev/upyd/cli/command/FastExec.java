package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.CliSettings;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
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
