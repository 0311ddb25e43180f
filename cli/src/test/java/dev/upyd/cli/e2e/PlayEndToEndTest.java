package dev.upyd.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.cli.Main;
import dev.upyd.sim.SimulatedDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `upyd play` with upydev's task files over two devices running the real MicroPython interpreter, a device
 * of the global group that is down, and a host that is not in the group at all.
 */
@Timeout(240)
class PlayEndToEndTest {
    @TempDir
    static Path tmp;
    static CliDaemonFixture fx;
    static Path userHome;
    static final String STARS = "*".repeat(80);
    static final String DASHES = "-".repeat(80);

    @BeforeAll
    static void start() throws Exception {
        fx = new CliDaemonFixture(tmp);
        fx.micropython("mp1");
        fx.micropython("mp2");
        SimulatedDevice gone = fx.light("gone");
        userHome = tmp.resolve("userhome");
        Files.createDirectories(userHome);
        fx.cli.env.put("HOME", userHome.toString());
        fx.startDaemon();
        fx.awaitOnline(120_000, "mp1", "mp2", "gone");
        gone.close();
        Files.writeString(fx.cli.cwd.resolve("sample.py"),
                "for i in range(3):\n    print('This is a loaded script:', i)\nopen('loaded.txt', 'w').write('1')\n");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void aPlaybookRunsItsTasksOnTheHostsItNamesAsUpydevPrintsThem() throws Exception {
        Files.writeString(fx.cli.cwd.resolve("example.yaml"), """
                ---
                - name: Example playbook
                  hosts: mp1, mp2, gone, ghost
                  tasks:
                    - name: Raw MP command
                      command: "import sys;print('hello', 'from', 'play')"
                    - name: Only mp1
                      command: "x = 6*7"
                      include: mp1
                    - name: Expression
                      command: "x"
                      include: mp1
                    - name: Load script
                      wait: 1
                      load: sample.py
                    - name: Shell
                      command: "ls"
                      ignore: mp1
                    - name: Parallel
                      command_pl: "print('pl', 1+1)"
                    - name: Local
                      command: "%echo local-$((40+2))"
                    - name: Failing
                      command: "1/0"
                      include: mp2
                """);
        int code = fx.cli.run("play", "example.yaml");
        String o = fx.cli.out;
        assertEquals(Main.ExitCodes.SOME_FAILED, code, "a task failed and a host was unreachable: " + o + fx.cli.err);
        assertTrue(o.startsWith("PLAY [Example playbook]\n" + STARS + "\n\nHOSTS TARGET: [mp1, mp2, gone, ghost]\n"
                + "HOSTS FOUND : [mp1, mp2, gone]\n" + STARS + "\n\nTASK [Gathering Facts]\n" + STARS + "\n\n"
                + "ok [\u2714]: [mp1]\nok [\u2714]: [mp2]\nfatal [\u2718]: [gone]: UNREACHABLE!\n\nTASK [Raw MP command]\n"
                + STARS + "\n\n[mp1]: import sys;print('hello', 'from', 'play')\n\nhello from play\n" + DASHES + "\n"
                + "[mp2]: import sys;print('hello', 'from', 'play')\n\nhello from play\n" + DASHES + "\n" + STARS + "\n\n"), o);
        assertFalse(o.contains("[mp2]: x = 6*7"), "include: mp1");
        assertTrue(o.contains("[mp1]: x\n\n42\n" + DASHES), "an expression shows its value, as at the REPL: " + o);
        assertTrue(o.contains("WAIT: DONE\n" + DASHES + "\n[mp1]: loading sample.py\n\nThis is a loaded script: 0\n"
                + "This is a loaded script: 1\nThis is a loaded script: 2\nDone!\n" + DASHES), o);
        assertTrue(o.contains("[mp2]: loading sample.py"), o);
        assertFalse(o.contains("[mp1]: ls"), "ignore: mp1");
        assertTrue(o.matches("(?s).*\\[mp2\\]: ls\n\n.*loaded\\.txt.*"), "ls is the shell-repl command: " + o);
        assertTrue(o.contains("[mp1, mp2]: print('pl', 1+1)\n\n"), o);
        assertTrue(o.contains("mp1 | pl 2\n") && o.contains("mp2 | pl 2\n"), o);
        assertTrue(o.contains("[local]: %echo local-$((40+2))\n\nlocal-42\n" + DASHES), o);
        assertTrue(o.contains("[mp2]: 1/0\n\n"), o);
        assertTrue(fx.cli.err.contains("ZeroDivisionError"), fx.cli.err);
        assertTrue(o.contains("failed: [mp2]: task [Failing]\n"), o);
        assertTrue(o.endsWith("PLAY RECAP\n" + STARS + "\nmp1   : ok=5 failed=0\nmp2   : ok=4 failed=1\n"
                + "gone  : unreachable\nghost : not in the global group (upyd config ... -gg adds it)\n\n"), o);
    }

    @Test
    void storedTasksPlayFromAnywhereOnTheCommandLinesDevice() throws Exception {
        Path src = fx.cli.cwd.resolve("mytasks");
        Files.createDirectories(src);
        Files.writeString(src.resolve("battery.yaml"), """
                ---
                  - name: Check Battery State
                    tasks:
                      - name: Battery
                        load: battery.py
                        command: "battery"
                """);
        Files.writeString(src.resolve("battery.py"), "class Battery:\n    def __repr__(self):\n"
                + "        return 'Battery Voltage : 4.2, V; Level:96.8 %'\n\nbattery = Battery()\n");
        Path before = fx.cli.cwd;
        fx.cli.cwd = src;
        try {
            assertEquals(0, fx.cli.run("play", "add", "battery.yaml", "battery.py"), fx.cli.err);
        } finally {
            fx.cli.cwd = before;
        }
        assertEquals("battery.yaml added to upydev tasks.\nbattery.py added to upydev tasks scripts.\n", fx.cli.out);
        assertEquals(0, fx.cli.run("play", "list"));
        assertEquals("battery.py\nbattery.yaml\n", fx.cli.out);

        assertEquals(0, fx.cli.run("play", "battery", "-@", "mp2"), fx.cli.out + fx.cli.err);
        String o = fx.cli.out;
        assertTrue(o.contains("HOSTS TARGET: [mp2]\nHOSTS FOUND : [mp2]\n"), o);
        assertTrue(o.contains("[mp2]: loading " + userHome.resolve(".upydev_playbooks/battery.py") + "\n\nDone!\n"), o);
        assertTrue(o.contains("[mp2]: battery\n\nBattery Voltage : 4.2, V; Level:96.8 %\n" + DASHES), o);
        assertTrue(o.contains("mp2 : ok=1 failed=0\n"), o);
        assertEquals(0, fx.cli.run("battery", "-@", "mp2"), fx.cli.err);
        assertTrue(fx.cli.out.startsWith("PLAY [Check Battery State]\n"), "a stored task's name plays it, as in upydev: "
                + fx.cli.out);

        assertEquals(0, fx.cli.run("play", "rm", "battery", "battery.py"));
        assertEquals("battery.yaml file removed.\nbattery.py file removed.\n", fx.cli.out);
        assertEquals(Main.ExitCodes.LOCAL_IO, fx.cli.run("play", "battery"));
        assertEquals("play: No such task file: " + userHome.resolve(".upydev_playbooks/battery.yaml") + "\n", fx.cli.out);
        fx.cli.run("battery", "-@", "mp2");
        assertFalse(fx.cli.out.contains("PLAY ["), "without the task file the word is Python again: " + fx.cli.out);
    }

    @Test
    void theShippedExamplePlaybookPlays() {
        String example = CliDaemonFixture.repoRoot().resolve("config/examples/check_board.yaml").toString();
        assertEquals(0, fx.cli.run("play", example, "-@", "mp1"), fx.cli.out + fx.cli.err);
        assertTrue(fx.cli.out.contains("[mp1]: mem\n\n"), fx.cli.out);
        assertTrue(fx.cli.out.contains("mp1 : ok=3 failed=0\n"), fx.cli.out);
    }

    /** pytest on several devices (here, where there are two): in parallel, a table each, one JUnit report. */
    @Test
    void pytestRunsOnEveryTargetAndReportsThemAllInOneJunitFile() throws Exception {
        Files.writeString(fx.cli.cwd.resolve("two.yaml"), "- name: who\n  result: \"'ok'\"\n  exp: ok\n"
                + "- name: bad\n  result: '1'\n  exp: 2\n");
        int code = fx.cli.run("pytest", "two.yaml", "--junitxml", "two.xml", "-@", "mp1", "mp2");
        String o = fx.cli.out;
        assertEquals(Main.ExitCodes.DEVICE_EXCEPTION, code, o + fx.cli.err);
        assertTrue(o.contains("mp1 | == 1 passed, 1 failed in ") && o.contains("mp2 | == 1 passed, 1 failed in "), o);
        assertTrue(o.matches("(?s).*mp2 \\| +2  bad +FAILED +\\d+ ms +expected: 2 == result: 1\n.*"), o);
        String xml = Files.readString(fx.cli.cwd.resolve("two.xml"));
        assertTrue(xml.contains("tests=\"4\"") && xml.contains("failures=\"2\""), xml);
        assertTrue(xml.contains("classname=\"mp1.two.yaml\"") && xml.contains("classname=\"mp2.two.yaml\""), xml);
    }

    @Test
    void resetAndNonBlockingCommands() throws Exception {
        Files.writeString(fx.cli.cwd.resolve("nb.yaml"), """
                - name: Reset and background
                  hosts: mp1
                  tasks:
                    - name: Set
                      command: "before_reset = 1"
                    - name: Reset
                      reset: soft
                    - name: After
                      command: "print('survived', 'before_reset' in globals())"
                    - name: Start
                      command_nb: "import time;time.sleep_ms(300);nb_done = 7"
                """);
        assertEquals(0, fx.cli.run("play", "nb.yaml"), fx.cli.out + fx.cli.err);
        String o = fx.cli.out;
        assertTrue(o.contains("[mp1]: soft\n\n" + DASHES + "\nRESET: DONE\n" + DASHES), o);
        assertTrue(o.contains("survived False\n"), "the soft reset cleared the REPL's globals: " + o);
        assertTrue(o.contains("[mp1]: import time;time.sleep_ms(300);nb_done = 7\n\n" + DASHES), o);
        assertEquals(0, fx.cli.run("exec", "-@", "mp1", "--", "print(nb_done)"), fx.cli.err);
        assertEquals("7\n", fx.cli.out, "the play waits for its non-blocking commands before it ends");
    }

    @Test
    void aBadTaskFileIsRefusedBeforeAnythingRuns() throws Exception {
        Files.writeString(fx.cli.cwd.resolve("typo.yaml"), "- name: P\n  hosts: mp1\n  tasks:\n"
                + "    - name: fine\n      command: \"open('ran.txt','w').write('1')\"\n    - name: T\n      comand: ls\n");
        assertEquals(Main.ExitCodes.USAGE, fx.cli.run("play", "typo.yaml"));
        assertTrue(fx.cli.err.contains("typo.yaml: play 1 (P): task 2: unknown directive 'comand'"), fx.cli.err);
        assertFalse(fx.cli.out.contains("PLAY ["), fx.cli.out);
        assertEquals(Main.ExitCodes.DEVICE_EXCEPTION, fx.cli.run("exec", "-@", "mp1", "--", "import os;os.stat('ran.txt')"));

        Files.writeString(fx.cli.cwd.resolve("noscript.yaml"), "- name: P\n  hosts: mp1\n  tasks:\n"
                + "    - name: fine\n      command: \"open('ran.txt','w').write('1')\"\n"
                + "    - name: L\n      load_pl: not_here.py\n");
        assertEquals(Main.ExitCodes.LOCAL_IO, fx.cli.run("play", "noscript.yaml"));
        assertTrue(fx.cli.err.contains("load: not_here.py: no such file (looked in "), fx.cli.err);
        assertFalse(fx.cli.out.contains("PLAY ["), "a missing script stops the play before it starts: " + fx.cli.out);
        assertEquals(Main.ExitCodes.DEVICE_EXCEPTION, fx.cli.run("exec", "-@", "mp1", "--", "import os;os.stat('ran.txt')"));

        assertEquals(Main.ExitCodes.USAGE, fx.cli.run("play", "add", "notes.txt"));
        assertTrue(fx.cli.err.contains("notes.txt: only task files (.yaml) and their scripts (.py) can be added"), fx.cli.err);
        assertEquals(Main.ExitCodes.USAGE, fx.cli.run("play", "rm", "../x"));
    }
}
