package dev.upyd.daemon.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unit files as `upyd install-service` renders them, checked by systemd's own `systemd-analyze verify`. */
class SystemdUnitTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");

    @TempDir
    Path tmp;

    private static String run(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd));
        return p.exitValue() + "\n" + out;
    }

    private Path render(boolean user) throws Exception {
        Path dest = tmp.resolve(user ? "user" : "system");
        String r = run(user ? List.of(ROOT.resolve("scripts/install-service.sh").toString(), "--user", "--dest", dest.toString())
                : List.of(ROOT.resolve("scripts/install-service.sh").toString(), "--dest", dest.toString()),
                Map.of("UPYD_HOME", tmp.resolve("home").toString()));
        assertTrue(r.startsWith("0\n"), r);
        return dest.resolve("upyd.service");
    }

    @Test
    void renderedUnitsNameThisCheckoutAndKeepSecretsOut() throws Exception {
        for (boolean user : new boolean[] {false, true}) {
            String unit = Files.readString(render(user));
            assertTrue(unit.contains("ExecStart=" + ROOT + "/bin/upyd daemon"), unit);
            assertTrue(unit.contains("Type=notify"), unit);
            assertTrue(unit.contains("LoadCredential=upyd-host-passphrase:"), unit);
            assertFalse(unit.contains("@UPYD_"), "placeholders left: " + unit);
            assertFalse(unit.contains("MemoryDenyWriteExecute="), "the JIT needs W+X pages");
        }
    }

    @Test
    void systemdAnalyzeVerifyAcceptsBothUnits() throws Exception {
        assumeTrue(Files.isExecutable(ANALYZE), "systemd-analyze is not installed");
        Path system = render(false);
        // exit 0 AND no output: verify only warns (exit 0) about settings it cannot parse
        assertEquals("0\n", run(List.of(ANALYZE.toString(), "verify", system.toString()), Map.of()), "system unit");
        Path runtime = Files.createDirectories(tmp.resolve("xdg-runtime"));
        Path user = render(true);
        String r = run(List.of(ANALYZE.toString(), "--user", "verify", user.toString()),
                Map.of("XDG_RUNTIME_DIR", runtime.toString()));
        assertEquals("0\n", r, "user unit");
    }

    @Test
    void verifyRejectsABrokenUnit() throws Exception {
        assumeTrue(Files.isExecutable(ANALYZE), "systemd-analyze is not installed");
        Path system = render(false);
        Path broken = tmp.resolve("broken/upyd.service");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, Files.readString(system).replace("Type=notify", "Type=notifyy"));
        String r = run(List.of(ANALYZE.toString(), "verify", broken.toString()), Map.of());
        assertTrue(r.contains("Failed to parse service type"), r);
        Files.writeString(broken, Files.readString(system).replaceAll("ExecStart=\\S+", "ExecStart=/nonexistent/upyd"));
        r = run(List.of(ANALYZE.toString(), "verify", broken.toString()), Map.of());
        assertNotEquals("0\n", firstLine(r), r);
    }

    private static String firstLine(String s) {
        return s.substring(0, s.indexOf('\n') + 1);
    }
}
