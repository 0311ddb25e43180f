package dev.upyd.cli.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A program in a real pseudo-terminal: tmux with send-keys to type and capture-pane to read the screen. */
final class Tmux implements AutoCloseable {
    private final String session;

    Tmux(String session) {
        this.session = session;
    }

    void start(Path cwd, String shellCommand) throws IOException, InterruptedException {
        run("tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "50", "-c", cwd.toString(), shellCommand);
        run("tmux", "set-option", "-t", session, "remain-on-exit", "on");
    }

    void type(String line) throws IOException, InterruptedException {
        run("tmux", "send-keys", "-t", session, "-l", line);
        run("tmux", "send-keys", "-t", session, "Enter");
    }

    void keys(String... keys) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "send-keys", "-t", session));
        cmd.addAll(List.of(keys));
        run(cmd.toArray(String[]::new));
    }

    String screen() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-S", "-200", "-t", session).redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return s;
    }

    void await(String text, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        String s = "";
        while (System.currentTimeMillis() < deadline) {
            s = screen();
            if (s.contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("screen never showed `" + text + "`:\n" + s);
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + ": " + out);
        }
    }

    @Override
    public void close() {
        try {
            run("tmux", "kill-session", "-t", session);
        } catch (IOException | InterruptedException e) {
            // already gone
        }
    }
}
