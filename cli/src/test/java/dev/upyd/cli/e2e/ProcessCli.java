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

    static void kill(Process p, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
    }
}
