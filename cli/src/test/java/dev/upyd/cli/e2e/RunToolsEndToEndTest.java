package dev.upyd.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.cli.Main;
import dev.upyd.cli.util.PyStr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** timeit, sysctl and log against the real daemon and a device with the real MicroPython interpreter. */
@Timeout(180)
class RunToolsEndToEndTest {
    @TempDir
    static Path tmp;
    static CliDaemonFixture fx;
    static Path homeDir;

    @BeforeAll
    static void start() throws Exception {
        fx = new CliDaemonFixture(tmp);
        fx.micropython("mp1");
        homeDir = tmp.resolve("userhome");
        Files.createDirectories(homeDir);
        fx.cli.env.put("HOME", homeDir.toString());
        fx.startDaemon();
        fx.awaitOnline(90_000, "mp1");
        write("hello.py", "print('hello from script')\nimport time\ntime.sleep_ms(20)\n");
        write("boom.py", "print('before')\nraise ValueError('kaboom')\n");
        write("bg.py", "open('bg_started','w').write('1')\nimport time\nwhile True:\n    time.sleep_ms(50)\n");
        write("slow.py", "import time\nprint('slow starts')\nwhile True:\n    time.sleep_ms(50)\n");
    }

    private static void write(String name, String text) {
        assertEquals(0, fx.cli.run("exec", "f=open(" + PyStr.of(name) + ",'w');f.write(" + PyStr.of(text) + ");f.close()"),
                fx.cli.err);
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private static int run(String... args) {
        return fx.cli.run(args);
    }

    @Test
    void timeitTimesScriptsAndCommandsAndRunsTheScriptAgainEachTime() {
        assertEquals(0, run("timeit", "hello.py"), fx.cli.err);
        String o = fx.cli.out;
        assertTrue(o.startsWith("Running hello.py...\nhello from script\nScript hello Time = "), o);
        double ms = Double.parseDouble(o.replaceFirst("(?s).*Script hello Time = *([0-9.]+)ms.*", "$1"));
        assertTrue(ms >= 20, "the script sleeps 20 ms: " + o);
        assertTrue(o.endsWith("ms\nDone!\n"), o);
        assertEquals(0, run("timeit", "hello.py", "sum(range(100))"), fx.cli.err);
        assertTrue(fx.cli.out.contains("hello from script"), "unloaded after the first run, so it ran again: " + fx.cli.out);
        assertTrue(fx.cli.out.contains("Command sum(range(100)) Time = "), fx.cli.out);

        assertEquals(Main.ExitCodes.DEVICE_EXCEPTION, run("timeit", "boom.py"));
        assertTrue(fx.cli.err.contains("ValueError: kaboom"), fx.cli.err);
        assertEquals(0, run("exec", "import sys;print('boom' in sys.modules)"));
        assertEquals("False\n", fx.cli.out, "a failed script is unloaded too");
        assertEquals(Main.ExitCodes.USAGE, run("timeit", "my-script.py"));
        assertTrue(fx.cli.err.contains("does not name a Python module"), fx.cli.err);
    }

    @Test
    void sysctlStartsInTheBackgroundHoldsTheDeviceAndStops() throws Exception {
        run("rm", "bg_started");
        assertEquals(0, run("sysctl", "start", "bg.py"), fx.cli.err);
        assertEquals("Loading bg.py script...\nDone!\n", fx.cli.out);
        long deadline = System.currentTimeMillis() + 10_000;
        int code;
        do {
            Thread.sleep(100);
            code = run("exec", "print(1)");
        } while (code == 0 && System.currentTimeMillis() < deadline);
        assertEquals(Main.ExitCodes.UNREACHABLE, code, "the device is taken by the script: " + fx.cli.out);
        assertTrue(fx.cli.err.contains("runs `import bg` in the background"), fx.cli.err);
        assertEquals(Main.ExitCodes.UNREACHABLE, run("sysctl", "start", "bg.py"));
        assertTrue(fx.cli.err.contains("already runs `import bg`"), fx.cli.err);

        assertEquals(0, run("sysctl", "stop", "bg.py"), fx.cli.err);
        assertEquals("Stopping bg.py script...\nUnloading bg.py script...\nsystctl: script unloaded\nDone!\n", fx.cli.out);
        assertEquals(0, run("cat", "bg_started"), fx.cli.err);
        assertEquals("1\n", fx.cli.out.endsWith("\n") ? fx.cli.out : fx.cli.out + "\n", "the script ran");
        assertEquals(0, run("exec", "print('free again')"), fx.cli.err);
        assertEquals("free again\n", fx.cli.out);
        assertEquals(Main.ExitCodes.USAGE, run("sysctl", "restart", "bg.py"));
    }

    @Test
    void logWritesUpydevLinesToTheTerminalAndTheErrorsToItsFile() throws Exception {
        Path file = homeDir.resolve(".upydev_logs").resolve("boom_error.log");
        Files.deleteIfExists(file);
        assertEquals(Main.ExitCodes.DEVICE_EXCEPTION, run("log", "boom.py"), fx.cli.err);
        String o = fx.cli.out;
        String stamp = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} \\[mp1_boom\\] \\[\\d+\\] \\[MainThread\\] ";
        assertTrue(o.matches("(?s)" + stamp + "\\[INFO\\]  Running boom.py...\n" + stamp + "\\[INFO\\]  before\n"
                + ".*" + stamp + "\\[ERROR\\]  ValueError: kaboom\n.*"), o);
        String logged = Files.readString(file);
        assertTrue(logged.contains("[ERROR]  ValueError: kaboom"), logged);
        assertFalse(logged.contains("[INFO]"), "the file takes errors only by default: " + logged);

        assertEquals(0, run("log", "hello.py", "-dslev", "error", "-dflev", "info"), fx.cli.err);
        assertEquals("", fx.cli.out, "nothing at error level on the terminal");
        assertTrue(Files.readString(homeDir.resolve(".upydev_logs").resolve("hello_error.log"))
                .contains("[INFO]  hello from script"));
        assertEquals(Main.ExitCodes.USAGE, run("log", "hello.py", "-dflev", "loud"));

        assertEquals(0, run("log", "slow.py", "-daemon"));
        assertEquals("nohup upyd log slow.py > " + homeDir.resolve(".upydev_logs").resolve("slow_daemon.log") + " &\n",
                fx.cli.out);
        assertEquals(Main.ExitCodes.LOCAL_IO, run("log", "nothere.py", "-F"));
        assertTrue(fx.cli.err.contains("no background log at"), fx.cli.err);
    }

    @Test
    void logStopdEndsABackgroundLogAndTheScriptWithIt() throws Exception {
        Map<String, String> env = new HashMap<>(fx.cli.env);
        Path out = tmp.resolve("slow_daemon.log");
        ProcessBuilder pb = new ProcessBuilder(ProcessCli.command("log", "slow.py")).directory(fx.cli.cwd.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!(Files.exists(out) && Files.readString(out).contains("slow starts"))) {
                assertTrue(System.currentTimeMillis() < deadline && p.isAlive(), "log did not start: "
                        + (Files.exists(out) ? Files.readString(out) : ""));
                Thread.sleep(200);
            }
            assertEquals(0, run("log", "slow.py", "-stopd"), fx.cli.err);
            assertTrue(fx.cli.out.startsWith("Stopping daemon log...\nDaemon process upyd log with PID: " + p.pid()
                    + " stopped\nStopping script...\nDone!\n"), fx.cli.out);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the background log ended");
            deadline = System.currentTimeMillis() + 20_000;
            int code;
            do {
                code = run("exec", "print('usable')");
            } while (code != 0 && System.currentTimeMillis() < deadline);
            assertEquals(0, code, "the daemon interrupted the script: " + fx.cli.err);
            assertEquals(0, run("log", "slow.py", "-stopd"));
            assertTrue(fx.cli.out.contains("NO DAEMON PROCESS FOUND"), fx.cli.out);
        } finally {
            p.destroyForcibly();
        }
    }
}
