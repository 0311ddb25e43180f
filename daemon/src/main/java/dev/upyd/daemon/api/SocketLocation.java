package dev.upyd.daemon.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the local API socket lives: {@code UPYD_SOCKET}, else {@code $XDG_RUNTIME_DIR/upyd/upyd.sock},
 * else {@code /tmp/upyd-<uid>/upyd.sock} (uid numeric, so two users never share a directory).
 * The CLI uses the same rule.
 */
public final class SocketLocation {
    private SocketLocation() {
    }

    public static Path resolve(Map<String, String> env, String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String s = env.get("UPYD_SOCKET");
        if (s != null && !s.isBlank()) {
            return Path.of(s);
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "upyd", "upyd.sock");
        }
        return Path.of(System.getProperty("java.io.tmpdir", "/tmp"), "upyd-" + uid(), "upyd.sock");
    }

    /** The numeric uid of this process: /proc/self/status on Linux, else {@code id -u}. */
    public static long uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot determine the numeric user id (no /proc, `id -u` failed)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running `id -u`", e);
        }
    }
}
