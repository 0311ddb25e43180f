package dev.upyd.sim.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The light REPL's byte protocol without sockets; timers run when the test says so. */
class LightBackendTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final List<String> events = new ArrayList<>();
    final List<Runnable> timers = new ArrayList<>();
    LightBackend repl;

    @BeforeEach
    void start() {
        repl = new LightBackend(dir, new byte[] {1, 2}, 128, (ms, task) -> {
            timers.add(task);
            return () -> timers.remove(task);
        });
        repl.start(new ReplBackend.Listener() {
            @Override
            public void output(byte[] bytes) {
                out.writeBytes(bytes);
            }

            @Override
            public void ready() {
                events.add("ready");
            }

            @Override
            public void softReset() {
                events.add("soft");
            }

            @Override
            public void hardReset(String reason) {
                events.add("hard " + reason);
            }
        });
    }

    String type(String s) {
        out.reset();
        repl.write(s.getBytes(StandardCharsets.ISO_8859_1));
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void friendlyEvaluation() {
        assertEquals("1+2*3\r\n7\r\n>>> ", type("1+2*3\r"));
        assertEquals("7//2, 7%3, 2**10, -7//2\r\n(3, 1, 1024, -4)\r\n>>> ", type("7//2, 7%3, 2**10, -7//2\r"));
        assertEquals("print('a', \"b\", [1, 'x'])\r\na b [1, 'x']\r\n>>> ", type("print('a', \"b\", [1, 'x'])\r"));
        assertEquals("sum([1, 2, 3]) + len('abcd')\r\n10\r\n>>> ", type("sum([1, 2, 3]) + len('abcd')\r"));
        assertTrue(type("1/0\r").contains("ZeroDivisionError: divide by zero\r\n>>> "));
        assertTrue(type("import network\r").contains("ImportError: no module named 'network'"));
        assertTrue(type("import os; os.uname()\r").contains("(sysname='esp32', nodename='esp32', release='1.27.0'"));
        assertTrue(type("def f():\r").endsWith("\r\n... "));
        // the auto-indent is echoed with the next key; a backspace then removes the whole level
        assertEquals("    \b\b\b\b\u001b[K", type("\b"));
        assertTrue(type("\u0003").endsWith("\r\n>>> "));
        String syntax = type("x = = 1\r");
        assertTrue(syntax.contains("SyntaxError: invalid syntax"), syntax);
    }

    @Test
    void renameReplacesTheTargetAsLittleFsDoes() throws Exception {
        java.nio.file.Files.writeString(dir.resolve(".upyd-put.tmp"), "new");
        java.nio.file.Files.writeString(dir.resolve("main.py"), "old");
        assertEquals("import os; os.rename('.upyd-put.tmp', 'main.py')\r\n>>> ",
                type("import os; os.rename('.upyd-put.tmp', 'main.py')\r"));
        assertEquals("new", java.nio.file.Files.readString(dir.resolve("main.py")));
        assertTrue(!java.nio.file.Files.exists(dir.resolve(".upyd-put.tmp")));
        assertTrue(type("os.rename('gone', 'x')\r").contains("OSError: [Errno 2] ENOENT"));
        assertTrue(type("os.rename('main.py', 'nodir/x')\r").contains("OSError: [Errno 2] ENOENT"));
        assertEquals("new", java.nio.file.Files.readString(dir.resolve("main.py")));
    }

    @Test
    void nonAsciiIsDroppedByReadlineAndBackspaceErases() {
        assertEquals("print('')\r\n\r\n>>> ", type("print('\u00e9')\r"));
        assertEquals("12\b\u001b[K3\r\n13\r\n>>> ", type("12\b3\r"));
    }

    @Test
    void rawPasteDropsBytesBeyondTheCredit() {
        type("\u0001");
        assertEquals("R\u0001\u0080\u0000\u0001", type("\u0005A\u0001"));
        // 300 bytes in one frame: only 256 were granted, 44 are lost; the grants for the 256 consumed follow
        String got = type("#".repeat(300));
        assertEquals("\u0001\u0001", got);
        assertEquals(44, repl.droppedPasteBytes());
        // a well-behaved host (at most the credit per frame) loses nothing
        assertEquals("\u0001", type("#".repeat(128)));
        assertEquals(44, repl.droppedPasteBytes());
    }

    @Test
    void pasteModeRunsTheWholeBlock() {
        assertTrue(type("\u0005").endsWith("=== "));
        type("for i in range(3):\r    print(i)\r");
        assertEquals("\r\n0\r\n1\r\n2\r\n>>> ", type("\u0004"));
    }

    @Test
    void sleepsWaitForTheTimerAndCtrlCInterrupts() {
        type("import time\r");
        assertEquals("time.sleep(5); print('late')\r\n", type("time.sleep(5); print('late')\r"));
        assertEquals(1, timers.size());
        // typed while sleeping: kept until the sleep ends
        assertEquals("", type("print(2)\r"));
        timers.remove(0).run();
        assertEquals("late\r\n>>> print(2)\r\n2\r\n>>> ", out.toString(StandardCharsets.ISO_8859_1));
        type("while True: time.sleep_ms(10)\r");
        type("\r");
        assertEquals(1, timers.size());
        assertTrue(type("\u0003").endsWith("KeyboardInterrupt: \r\n>>> "));
        assertTrue(timers.isEmpty());
    }

    @Test
    void resets() {
        type("x = 1\r");
        assertEquals("\r\n", type("\u0004"));
        assertEquals(List.of("ready", "soft"), events);
        assertTrue(type("x\r").contains("NameError: name 'x' isn't defined"));
        type("import machine\r");
        type("machine.reset()\r");
        assertEquals(List.of("ready", "soft", "hard machine.reset()", "ready"), events);
        type("\u0001");
        assertEquals("OK\r\n", type("\u0004"));
        assertEquals("soft", events.get(events.size() - 1));
    }
}
