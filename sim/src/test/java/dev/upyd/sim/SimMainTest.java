package dev.upyd.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.sim.testkit.TestPki;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimMainTest {
    @TempDir
    Path dir;

    @Test
    void parsesEveryOption() {
        SimSettings s = SimMain.parse(new String[] {"--dir", "/tmp/d", "--port=0", "--password", "pw", "--uid", "AABB",
            "--no-tls", "--backend", "light", "--devices", "3", "--base-port", "9000", "--stats-file", "/tmp/s.json",
            "--reboot-delay-ms", "200", "--name", "esp"});
        assertEquals(Path.of("/tmp/d"), s.deviceDir());
        assertEquals(0, s.port());
        assertEquals("pw", s.password());
        assertEquals("AABB", s.uid());
        assertEquals(false, s.tls());
        assertEquals(SimSettings.BackendKind.LIGHT, s.backend());
        assertEquals(3, s.devices());
        assertEquals(9000, s.basePort());
        assertEquals(Path.of("/tmp/s.json"), s.statsFile());
        assertEquals(200, s.rebootDelayMs());
        assertEquals("esp", s.name());
        assertTrue(!s.toString().contains("pw,") && !s.toString().contains("=pw"), "no password in toString");
    }

    @Test
    void defaultsFollowTheMode() {
        assertEquals(8833, SimMain.parse(new String[] {"--dir", "d"}).port());
        assertEquals(8266, SimMain.parse(new String[] {"--dir", "d", "--no-tls"}).port());
        assertEquals(SimSettings.BackendKind.MICROPYTHON, SimMain.parse(new String[] {"--dir", "d"}).backend());
        assertEquals(2600, SimMain.parse(new String[] {"--dir", "d"}).rebootDelayMs());
        assertNull(SimMain.parse(new String[] {"--help"}));
    }

    @Test
    void badOptionsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimMain.parse(new String[] {}))
                .getMessage().contains("--dir"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimMain.parse(new String[] {"--dir", "d",
            "--port", "x"})).getMessage().contains("--port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimMain.parse(new String[] {"--dir", "d",
            "--backend", "qemu"})).getMessage().contains("qemu"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimMain.parse(new String[] {"--dir", "d",
            "--password", "tenletters"})).getMessage().contains("9"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimMain.parse(new String[] {"--dir", "d",
            "--bogus"})).getMessage().contains("--bogus"));
    }

    /** The real process: the "listening" line, a login, and a clean stop on SIGTERM. */
    @Test
    void processPrintsTheListeningLineAndStopsOnSigterm() throws Exception {
        TestPki.writeWebreplConfig(dir, "pw");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.upyd.sim.SimMain", "--dir", dir.toString(), "--no-tls", "--port", "0", "--backend", "light"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher m = Pattern.compile("upyd-sim: device dev0 listening on ws://127\\.0\\.0\\.1:(\\d+)").matcher(
                    String.valueOf(line));
            assertTrue(m.matches(), line);
            try (TestClient c = TestClient.plain(Integer.parseInt(m.group(1)))) {
                c.upgrade(false);
                c.login("pw");
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(15, TimeUnit.SECONDS), "the sim stops on SIGTERM");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void startErrorIsReportedWithExitCode1() throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = SimMain.run(new String[] {"--dir", dir.toString(), "--no-tls", "--port", "0", "--backend", "light"},
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err));
        assertEquals(1, code);
        assertTrue(err.toString().contains("webrepl_cfg.py"), err.toString());
    }
}
