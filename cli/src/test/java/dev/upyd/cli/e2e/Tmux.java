package dev.upyd.cli.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A program in a real pseudo-terminal: tmux with send-keys to type and capture-pane to read the screen. With
 * {@link #startRecorded}, every byte the program writes to the terminal is also recorded to a file by
 * {@code tmux pipe-pane} before tmux interprets it: what a user's terminal would receive, escapes included.
 */
public final class Tmux implements AutoCloseable {
    private final String session;
    private Path record;

    public Tmux(String session) {
        this.session = session;
    }

    public static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void startRecorded(Path cwd, String shellCommand, Path record) throws IOException, InterruptedException {
        this.record = record;
        Files.write(record, new byte[0]);
        // start detached running `sleep` first so that the recording is on before the program writes a byte
        run("tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "50", "-c", cwd.toString(), "sleep 600");
        run("tmux", "set-option", "-t", session, "remain-on-exit", "on");
        run("tmux", "pipe-pane", "-O", "-t", session, "cat >> '" + record + "'");
        run("tmux", "respawn-pane", "-k", "-t", session, shellCommand);
    }

    /** Everything the program wrote to the terminal so far (after {@link #startRecorded}). */
    public byte[] recorded() throws IOException {
        return Files.readAllBytes(record);
    }

    /** Waits until the bytes written after {@code from} contain {@code text} (as ISO-8859-1). */
    public byte[] awaitRecorded(int from, String text, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        byte[] b = new byte[0];
        while (System.currentTimeMillis() < deadline) {
            b = recorded();
            if (b.length > from && new String(b, from, b.length - from, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains(text)) {
                return java.util.Arrays.copyOfRange(b, from, b.length);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the terminal never got `" + text + "`; screen:\n" + screen());
    }

    public void start(Path cwd, String shellCommand) throws IOException, InterruptedException {
        run("tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "50", "-c", cwd.toString(), shellCommand);
        run("tmux", "set-option", "-t", session, "remain-on-exit", "on");
    }

    public void type(String line) throws IOException, InterruptedException {
        run("tmux", "send-keys", "-t", session, "-l", line);
        run("tmux", "send-keys", "-t", session, "Enter");
    }

    public void keys(String... keys) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "send-keys", "-t", session));
        cmd.addAll(List.of(keys));
        run(cmd.toArray(String[]::new));
    }

    public String screen() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-S", "-200", "-t", session).redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return s;
    }

    public void await(String text, long timeoutMs) throws IOException, InterruptedException {
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
