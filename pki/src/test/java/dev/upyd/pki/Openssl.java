package dev.upyd.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the real {@code openssl} tool with a bounded time; the test is skipped where it is missing. */
final class Openssl {
    record Result(int exit, String out) {
    }

    private Openssl() {
    }

    static void assumePresent() {
        try {
            Assumptions.assumeTrue(run(null, "version").exit() == 0, "openssl not installed");
        } catch (IOException e) {
            Assumptions.abort("openssl not installed: " + e.getMessage());
        }
    }

    static Result run(Path dir, String... args) throws IOException {
        return runWithInput(dir, null, args);
    }

    static Result runWithInput(Path dir, byte[] stdin, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        try {
            if (stdin != null) {
                p.getOutputStream().write(stdin);
            }
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException("openssl " + args[0] + " did not finish in 60 s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            p.destroyForcibly();
        }
    }
}
