package dev.upyd.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.cli.Main;
import dev.upyd.sim.SimulatedDevice;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Group fan-out through the real daemon to five simulated devices (light backend), one of them stopped. */
@Timeout(120)
class FanOutEndToEndTest {
    @TempDir
    static Path tmp;
    static CliDaemonFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new CliDaemonFixture(tmp);
        for (int i = 1; i <= 5; i++) {
            fx.light("esp" + i);
        }
        fx.light("pico1");
        fx.startDaemon();
        fx.awaitOnline(60_000, "esp1", "esp2", "esp3", "esp4", "esp5", "pico1");
        SimulatedDevice stopped = fx.devices.get(2);
        stopped.stop();
        // wait until the daemon has noticed that esp3 is gone
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            fx.cli.run("status", "--json");
            if (fx.cli.out.matches("(?s).*\"name\":\"esp3\",\"address\":\"[^\"]*\",\"state\":\"(?!online)[a-z-]+\".*")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("esp3 still online: " + fx.cli.out);
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void wildcardFanOutPrefixesLinesAndSummarises() {
        int code = fx.cli.run("print(6*7)", "-@", "esp*");
        assertEquals(Main.ExitCodes.UNREACHABLE, code, fx.cli.out + fx.cli.err);
        for (String d : new String[] {"esp1", "esp2", "esp4", "esp5"}) {
            assertTrue(fx.cli.out.contains(d + " | 42"), fx.cli.out);
            assertTrue(fx.cli.out.matches("(?s).*\\n" + d + "\\s+ok\\s+[0-9.]+s.*"), fx.cli.out);
        }
        assertTrue(fx.cli.out.matches("(?s).*\\nesp3\\s+failed\\s+[0-9.]+s\\s+exit 3.*"), fx.cli.out);
        assertTrue(fx.cli.out.contains("4 of 5 devices ok"), fx.cli.out);
        assertTrue(!fx.cli.out.contains("pico1"), "the wildcard selects esp* only");
    }

    @Test
    void jsonGivesOneObjectPerDevice() {
        int code = fx.cli.run("exec", "print(1+1)", "-gg", "--json");
        assertEquals(Main.ExitCodes.UNREACHABLE, code, fx.cli.err);
        String json = fx.cli.out.strip();
        assertTrue(json.startsWith("[{") && json.endsWith("}]"), json);
        Matcher m = Pattern.compile("\\{\"name\":\"([a-z0-9]+)\",\"ok\":(true|false),\"exitCode\":(\\d+),"
                + "\"stdout\":\"([^\"]*)\",\"stderr\":\"((?:[^\"\\\\]|\\\\.)*)\",\"duration\":[0-9.E-]+}").matcher(json);
        int n = 0;
        int ok = 0;
        while (m.find()) {
            n++;
            if (m.group(2).equals("true")) {
                ok++;
                assertEquals("2\\n", m.group(4));
            } else {
                assertEquals("esp3", m.group(1));
                assertEquals("3", m.group(3));
            }
        }
        assertEquals(6, n, json);
        assertEquals(5, ok, json);
    }
}
