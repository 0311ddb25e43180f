package dev.upyd.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.upyd.cli.e2e.CliDaemonFixture;
import dev.upyd.cli.e2e.Tmux;
import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.hostile.HostileMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell against a device whose output is an escape flood meant to take over the user's terminal
 * (issue #9): the window title (OSC 0/2), the clipboard (OSC 52), cursor moves and clear screen (CSI),
 * DCS, the 8-bit C1 CSI, and sequences split across frames. The bytes the terminal receives are
 * recorded (tmux pipe-pane) and checked. Shell mode must neutralise all of it except colour (SGR);
 * REPL mode is the device's raw byte stream by design (like a serial terminal) and passes it, which the
 * second half documents.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileShellTest {
    private static final String ESC = "\u001b";
    /** What the device sends that must never reach the terminal in shell mode. */
    private static final List<String> DANGEROUS = List.of(
            ESC + "]0;", ESC + "]2;", "pwned title", ESC + "]52;", "ZWNobyBwd25lZA", // title, clipboard
            ESC + "[2J", ESC + "[10;10H", ESC + "[5A", ESC + "[?1049h", ESC + "[3;3H", // clear, cursor, alt screen
            ESC + "P", "pwned-dcs", // DCS
            "\u009b", // C1 CSI (as a character; a lone 0x9b byte is not UTF-8 and becomes U+FFFD)
            "split title");

    @TempDir
    Path tmp;
    CliDaemonFixture fx;
    Tmux term;

    @AfterEach
    void tearDown() {
        if (term != null) {
            term.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void shellModeNeutralisesTheEscapeFloodAndReplModePassesItRaw() throws Exception {
        assumeTrue(Tmux.available(), "tmux is needed");
        fx = new CliDaemonFixture(tmp);
        SimulatedDevice evil = fx.light("evil");
        fx.startDaemon();
        fx.awaitOnline(30_000, "evil");
        Map<String, String> env = new HashMap<>(fx.cli.env);
        env.put("UPYD_HISTORY_DIR", tmp.resolve("history").toString());
        env.put("TERM", "xterm-256color");
        term = new Tmux("upyd-hostile-" + ProcessHandle.current().pid());
        term.startRecorded(fx.cli.cwd, shellLine(env, "shl@evil"), tmp.resolve("tty.bin"));
        term.await("@evil:~ $", 30_000);

        evil.hostile().set(HostileMode.ANSI);
        int from = term.recorded().length;
        term.type("exec print(1)");
        String shell = text(term.awaitRecorded(from, "ansi end", 20_000));
        term.await("ansi end", 5000);
        assertTrue(shell.contains("ansi start"), shell);
        assertTrue(shell.contains(ESC + "[31mred" + ESC + "[0m"), "colour (SGR) may stay: " + escape(shell));
        for (String bad : DANGEROUS) {
            assertFalse(shell.contains(bad), "shell mode let `" + escape(bad) + "` through: " + escape(shell));
        }

        // the shell's own helper commands (cd asks the device for its cwd) read the same hostile output
        from = term.recorded().length;
        term.type("cd /");
        Thread.sleep(3000);
        term.type("lpwd");
        String cd = text(term.awaitRecorded(from, fx.cli.cwd.getFileName().toString(), 20_000));
        for (String bad : DANGEROUS) {
            assertFalse(cd.contains(bad), "shell mode (cd / prompt) let `" + escape(bad) + "` through: " + escape(cd));
        }

        term.keys("C-s");
        term.await(">>>", 15_000);
        from = term.recorded().length;
        term.type("ansi");
        String repl = text(term.awaitRecorded(from, "ansi end", 20_000));
        // REPL mode is the device's byte stream, as on a serial line: documented, not neutralised
        System.out.println("[hostile] REPL mode passes raw: " + escape(repl));
        assertTrue(repl.contains(ESC + "]52;"), "REPL mode is expected to be raw: " + escape(repl));
        term.keys("C-s");
        term.await("shell mode", 15_000);
        evil.hostile().off();
        Thread.sleep(1000);
        term.type("exit");
        term.await("Connection to evil closed.", 15_000);
    }

    /**
     * Plain commands: invalid UTF-8 in a program's output must not break `upyd exec` (it is decoded with
     * replacement characters or passed as bytes). What `upyd exec` does with escapes is printed for the
     * record: outside the shell the output is the program's stdout (it may be piped), so it is not filtered.
     */
    @Test
    void execSurvivesInvalidUtf8AndReportsWhatItPrintsForEscapes() throws Exception {
        fx = new CliDaemonFixture(tmp);
        SimulatedDevice evil = fx.light("evil");
        fx.startDaemon();
        fx.awaitOnline(30_000, "evil");
        evil.hostile().set(HostileMode.BAD_UTF8);
        int code = fx.cli.run("exec", "evil", "print(1)");
        assertEquals(0, code, fx.cli.err);
        assertTrue(fx.cli.out.contains("bad-utf8 start:") && fx.cli.out.contains(" end"), escape(fx.cli.out));
        evil.hostile().set(HostileMode.ANSI);
        assertEquals(0, fx.cli.run("exec", "evil", "print(1)"), fx.cli.err);
        System.out.println("[hostile] `upyd exec` prints for the escape flood: " + escape(fx.cli.out));
        evil.hostile().off();
        assertEquals(0, fx.cli.run("exec", "evil", "print(6*7)"), fx.cli.err);
        assertEquals("42\n", fx.cli.out);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 && c != '\n' || c >= 0x7f && c < 0xa0) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The CLI as a child JVM on the test class path, as one shell command line for tmux. */
    private static String shellLine(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of("env"));
        env.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.upyd.cli.Main"));
        cmd.addAll(List.of(args));
        StringBuilder sb = new StringBuilder();
        for (String c : cmd) {
            sb.append(sb.length() == 0 ? "" : " ").append("'").append(c.replace("'", "'\\''")).append("'");
        }
        return sb.toString();
    }
}
