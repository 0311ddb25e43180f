package dev.upyd.cli.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The CLI as a real child process (same classpath as the tests), for signals and terminals. */
final class ProcessCli {
    private ProcessCli() {
    }

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.upyd.cli.Main");
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Process start(Map<String, String> env, Path cwd, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(cwd.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The command line as one shell word list (for tmux). */
    static String shellLine(Map<String, String> env, String... args) {
        StringBuilder sb = new StringBuilder("env");
        for (Map.Entry<String, String> e : env.entrySet()) {
            sb.append(' ').append(quote(e.getKey() + "=" + e.getValue()));
        }
        for (String c : command(args)) {
            sb.append(' ').append(quote(c));
        }
        return sb.toString();
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * Whether this JVM was started with SIGINT ignored (a shell without job control ignores it for `cmd &`,
     * and nohup'd CI runs inherit that): a child then inherits SIG_IGN, the JVM keeps it, and no Ctrl-C
     * can reach the CLI, so a Ctrl-C test has nothing to test.
     */
    static boolean sigintIgnored() {
        try {
            for (String l : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(l.substring(7).strip(), 16) & (1L << 1)) != 0; // bit 1 = signal 2
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    static void kill(Process p, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
    }
}
