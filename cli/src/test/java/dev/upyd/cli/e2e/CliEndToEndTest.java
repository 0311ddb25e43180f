package dev.upyd.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonDeviceLink;
import dev.upyd.cli.command.FastExec;
import dev.upyd.cli.kg.DeviceLinkException;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.sim.SimulatedDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against the real daemon and a simulated ESP32 running the real MicroPython interpreter, over
 * real TLS and a real Unix socket. Every device command here runs stock-MicroPython code only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class CliEndToEndTest {
    @TempDir
    static Path tmp;
    static CliDaemonFixture fx;
    static SimulatedDevice dev;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(CliDaemonFixture.nodeAvailable(), "node and sim/node/node_modules are needed for the MicroPython simulator");
        fx = new CliDaemonFixture(tmp);
        dev = fx.micropython("esp_room1");
        fx.startDaemon();
        fx.awaitOnline(60_000, "esp_room1");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private int run(String... args) {
        return fx.cli.run(args);
    }

    private String out() {
        return fx.cli.out;
    }

    private String err() {
        return fx.cli.err;
    }

    @Test
    @Order(1)
    void execInAllThreeForms() {
        assertEquals(0, run("exec", "esp_room1", "print(6*7)"), err());
        assertEquals("42\n", out().replace("\r\n", "\n"));
        assertEquals(0, run("print('hi', 1+1)", "-@", "esp_room1"), err());
        assertEquals("hi 2\n", out().replace("\r\n", "\n"));
        assertEquals(0, run("exec", "import sys; print(sys.platform)", "-@", "esp_room1"), err());
        assertFalse(out().isBlank());
    }

    @Test
    @Order(2)
    void deviceExceptionExitsOneWithTheTracebackOnStderr() {
        assertEquals(Main.ExitCodes.DEVICE_EXCEPTION, run("exec", "esp_room1", "1/0"));
        assertTrue(err().contains("ZeroDivisionError"), err());
        assertEquals("", out());
    }

    @Test
    @Order(3)
    void unknownDeviceIsAUsageError() {
        assertEquals(Main.ExitCodes.USAGE, run("exec", "nosuch", "print(1)"));
        assertTrue(err().contains("nosuch"), err());
    }

    @Test
    @Order(4)
    void statusShowsTheSession() {
        assertEquals(0, run("status"));
        assertTrue(out().contains("esp_room1") && out().contains("online") && out().contains("TLSv1.2"), out());
    }

    @Test
    @Order(10)
    void putAndGetOneMegabyteByteIdentical() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(42).nextBytes(data);
        Path local = fx.cli.cwd.resolve("blob.bin");
        Files.write(local, data);
        assertEquals(0, run("put", "blob.bin", "-@", "esp_room1"), err());
        assertTrue(out().contains("blob.bin -> esp_room1:/blob.bin  1048576 bytes  sha256 ok"), out());
        Files.delete(local);
        assertEquals(0, run("get", "blob.bin", "-@", "esp_room1"), err());
        assertArrayEquals(data, Files.readAllBytes(local));
        try (var s = Files.list(fx.cli.cwd)) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().contains("blob")).count(), "no temp file left");
        }
        assertEquals(0, run("rm", "blob.bin", "-@", "esp_room1"), err());
    }

    @Test
    @Order(11)
    void fileSystemCommands() throws Exception {
        assertEquals(0, run("mkdir", "-p", "e2e/sub", "-@", "esp_room1"), err());
        Files.writeString(fx.cli.cwd.resolve("hello.py"), "print('hello from a file')\n");
        assertEquals(0, run("put", "hello.py", "-dir", "e2e", "-@", "esp_room1"), err());
        assertEquals(0, run("ls", "e2e", "-@", "esp_room1"), err());
        assertEquals("hello.py\nsub/\n", out());
        assertEquals(0, run("ls", "e2e", "--json", "-@", "esp_room1"), err());
        assertTrue(out().contains("{\"path\":\"e2e/hello.py\",\"name\":\"hello.py\",\"dir\":false,\"size\":27}"), out());
        assertEquals(0, run("cat", "e2e/hello.py", "-@", "esp_room1"), err());
        assertEquals("print('hello from a file')\n", out());
        assertEquals(0, run("cat", "e2e/hello.py", "--json", "-@", "esp_room1"), err());
        assertEquals("{\"e2e/hello.py\":\"print('hello from a file')\\n\"}\n", out());
        assertEquals(0, run("mv", "e2e/hello.py", "e2e/sub/h.py", "-@", "esp_room1"), err());
        assertEquals(0, run("tree", "e2e", "-@", "esp_room1"), err());
        assertEquals("e2e\n└── sub\n    └── h.py\n\n1 directory, 1 file\n", out());
        assertEquals(0, run("du", "e2e", "-@", "esp_room1"), err());
        assertTrue(out().contains("27 by") && out().contains("total"), out());
        assertEquals(0, run("run", "e2e/sub/h.py", "-@", "esp_room1"), err());
        assertEquals("hello from a file\n", out().replace("\r\n", "\n"));
        assertEquals(0, run("load", "hello.py", "-@", "esp_room1"), err());
        assertEquals("hello from a file\n", out().replace("\r\n", "\n"));
        assertEquals(Main.ExitCodes.DEVICE_EXCEPTION, run("rm", "e2e", "-@", "esp_room1"));
        assertTrue(err().contains("is a directory"), err());
        assertEquals(0, run("rm", "-rf", "e2e", "-@", "esp_room1"), err());
        assertEquals(Main.ExitCodes.DEVICE_EXCEPTION, run("ls", "e2e", "-@", "esp_room1"));
    }

    @Test
    @Order(12)
    void systemCommands() {
        assertEquals(0, run("df", "-@", "esp_room1"), err());
        assertTrue(out().startsWith("Filesystem"), out());
        assertEquals(0, run("mem", "--json", "-@", "esp_room1"), err());
        assertTrue(out().matches("\\{\"total\":\\d+,\"used\":\\d+,\"free\":\\d+}\\n"), out());
        assertEquals(0, run("info", "-@", "esp_room1"), err());
        assertTrue(out().startsWith("esp_room1 @ 127.0.0.1:"), out());
        assertEquals(0, run("uptime", "-@", "esp_room1"), err());
        assertTrue(out().startsWith("Up "), out());
    }

    @Test
    @Order(20)
    void dsyncBothDirectionsWithDelete() throws Exception {
        Path proj = fx.cli.cwd.resolve("proj");
        Files.createDirectories(proj.resolve("lib"));
        Files.writeString(proj.resolve("main.py"), "import lib.util\n");
        Files.writeString(proj.resolve("lib/util.py"), "X = 1\n");
        Files.writeString(proj.resolve(".hidden"), "never sent\n");
        assertEquals(0, run("mkdir", "proj", "-@", "esp_room1"), err());
        assertEquals(0, run("exec", "esp_room1", "import os; os.chdir('proj')"), err());
        try {
            fx.cli.cwd = proj;
            assertEquals(0, run("dsync", "-@", "esp_room1"), err());
            assertTrue(out().contains("1 new dirs, 0 dirs deleted"), out());
            assertTrue(out().contains("2 new files, 0 files changed, 0 files deleted"), out());
            // nothing differs: nothing moves
            assertEquals(0, run("dsync", "-@", "esp_room1"), err());
            assertTrue(out().contains("0 new files, 0 files changed, 0 files deleted"), out());
            // change one, delete one locally: -rf deletes it on the device
            Files.writeString(proj.resolve("lib/util.py"), "X = 2\n");
            Files.delete(proj.resolve("main.py"));
            assertEquals(0, run("dsync", "-rf", "-n", "-@", "esp_room1"), err());
            assertTrue(out().contains("(dry run)") && out().contains("del file:  main.py"), out());
            assertEquals(0, run("dsync", "-rf", "-@", "esp_room1"), err());
            assertTrue(out().contains("0 new files, 1 files changed, 1 files deleted"), out());
            assertEquals(0, run("exec", "esp_room1", "import os; print(sorted(os.listdir()))"), err());
            assertEquals("['lib']\n", out().replace("\r\n", "\n"));
            // device -> host: a file made on the device comes back, a local extra goes with -rf
            assertEquals(0, run("exec", "esp_room1", "f=open('new.txt','w'); f.write('from device'); f.close()"), err());
            Files.writeString(proj.resolve("local_only.txt"), "x");
            assertEquals(0, run("dsync", "-d", "-rf", "-@", "esp_room1"), err());
            assertEquals("from device", Files.readString(proj.resolve("new.txt")));
            assertFalse(Files.exists(proj.resolve("local_only.txt")));
            assertEquals("X = 2\n", Files.readString(proj.resolve("lib/util.py")));
        } finally {
            fx.cli.cwd = proj.getParent();
            run("exec", "esp_room1", "import os; os.chdir('/')");
            run("rm", "-rf", "proj", "-@", "esp_room1");
        }
    }

    @Test
    @Order(30)
    void cancelStopsTheDeviceProgramAndTheSessionStaysUsable() throws Exception {
        try (DaemonClient c = DaemonClient.connect(fx.cli.settings())) {
            StringBuilder seen = new StringBuilder();
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    return;
                }
                c.cancelCurrent();
            });
            canceller.start();
            DaemonClient.Outcome o = c.exec("esp_room1",
                    "import time\nfor i in range(1000):\n print('tick', i)\n time.sleep(0.1)\n",
                    (s, d) -> seen.append(new String(d)));
            canceller.join();
            assertTrue(seen.toString().contains("tick 1"), seen.toString());
            assertFalse(seen.toString().contains("tick 900"), seen.toString());
            assertTrue(o.exitCode() != 0, o.toString());
        }
        assertEquals(0, run("exec", "esp_room1", "print('still here')"), err());
        assertEquals("still here\n", out().replace("\r\n", "\n"));
    }

    @Test
    @Order(31)
    void interruptedPutLeavesNoFileUnderTheRealName() throws Exception {
        byte[] data = new byte[4 << 20];
        new Random(7).nextBytes(data);
        Path local = fx.cli.cwd.resolve("big.bin");
        Files.write(local, data);
        AtomicReference<DaemonClient.Outcome> result = new AtomicReference<>();
        try (DaemonClient c = DaemonClient.connect(fx.cli.settings())) {
            // Ctrl-C while the bytes are still on their way to the daemon
            java.io.InputStream in = new java.io.FilterInputStream(Files.newInputStream(local)) {
                long read;

                @Override
                public int read(byte[] b, int off, int len) throws java.io.IOException {
                    if (read > 512 * 1024) {
                        c.cancelCurrent();
                        try {
                            Thread.sleep(300); // let the daemon's answer arrive before more data goes out
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    int n = super.read(b, off, len);
                    read += Math.max(n, 0);
                    return n;
                }
            };
            try (in) {
                result.set(c.put("esp_room1", "big.bin", in, data.length, java.security.MessageDigest
                        .getInstance("SHA-256").digest(data), 32768, (done, total) -> { }));
            }
        }
        assertEquals(Main.ExitCodes.INTERRUPTED, result.get().exitCode(), String.valueOf(result.get()));
        assertFalse(result.get().ok(), String.valueOf(result.get()));
        assertFalse(Files.exists(dev.deviceDir().resolve("big.bin")), "no file under the real name on the device");
        assertEquals(0, run("exec", "esp_room1", "import os; print('big.bin' in os.listdir())"), err());
        assertEquals("False\n", out().replace("\r\n", "\n"));
    }

    @Test
    @Order(40)
    void runStreamsAndCtrlCInterruptsTheDeviceProgram() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(ProcessCli.sigintIgnored(),
                "this JVM was started with SIGINT ignored (background job of a shell without job control): no Ctrl-C can reach a child");
        Files.writeString(fx.cli.cwd.resolve("ticker.py"),
                "import time\nfor i in range(600):\n    print('tick', i)\n    time.sleep(0.05)\n");
        assertEquals(0, run("put", "ticker.py", "-@", "esp_room1"), err());
        Process p = ProcessCli.start(fx.cli.env, fx.cli.cwd, "run", "ticker.py", "-@", "esp_room1");
        try {
            java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
            assertEquals("tick 0", r.readLine()); // streamed: the first line arrives long before the end
            assertEquals("tick 1", r.readLine());
            ProcessCli.kill(p, "INT");
            assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "the CLI did not end after Ctrl-C");
            String rest = new String(p.getInputStream().readAllBytes());
            String stderr = new String(p.getErrorStream().readAllBytes());
            assertFalse(rest.contains("tick 599"), rest);
            assertTrue(stderr.contains("KeyboardInterrupt") || stderr.contains("interrupted") || stderr.contains("cancel"),
                    stderr);
            assertTrue(p.exitValue() == Main.ExitCodes.INTERRUPTED || p.exitValue() == Main.ExitCodes.DEVICE_EXCEPTION,
                    "exit " + p.exitValue() + " " + stderr);
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, run("exec", "esp_room1", "print('usable')"), err());
        assertEquals("usable\n", out());
    }

    @Test
    @Order(50)
    void shellDrivenThroughATerminal() throws Exception {
        assumeTrue(new ProcessBuilder("tmux", "-V").start().waitFor() == 0, "tmux is needed");
        Tmux t = new Tmux("upyd-shell-" + ProcessHandle.current().pid());
        try {
            java.util.Map<String, String> env = new java.util.HashMap<>(fx.cli.env);
            env.put("UPYD_HISTORY_DIR", tmp.resolve("history").toString());
            env.put("TERM", "xterm-256color");
            t.start(fx.cli.cwd, ProcessCli.shellLine(env, "shl@esp_room1"));
            t.await("@esp_room1:~ $", 30_000);
            t.await("CTRL-s to toggle shell/repl mode", 1000);
            t.type("mkdir -p shdir/x");
            t.type("cd shdir");
            t.await("@esp_room1:~/shdir$", 10_000);
            t.type("ls");
            t.await("x/", 10_000);
            t.keys("l", "s", " ", "x");
            t.keys("Tab");
            t.await("ls x/", 10_000); // Tab completed the device directory name
            t.keys("C-u");
            t.keys("C-k");
            t.await("CTRL-s  toggle shell / REPL mode", 5000);
            t.type("cd /");
            t.keys("C-s");
            t.await(">>>", 10_000);
            t.type("for i in range(3):");
            t.await("...", 5000);
            t.type("    print('loop', i*11)");
            t.type("");
            t.await("loop 22", 10_000);
            t.type("import time");
            t.type("while True: time.sleep(0.05)"); // a loop that yields: the WebAssembly sim cannot break a pure busy loop
            t.type("");
            Thread.sleep(500);
            t.keys("C-c");
            t.await("KeyboardInterrupt", 10_000);
            t.keys("C-e"); // the device's own paste mode
            t.await("paste mode", 10_000);
            t.type("a = 5");
            t.type("print('pasted', a * 3)");
            t.keys("C-d");
            t.await("pasted 15", 10_000);
            t.keys("C-s");
            t.await("shell mode", 10_000);
            Thread.sleep(1500); // until the prompt is up (a ^D typed before jline reads is the tty's EOF)
            t.keys("C-d"); // shell mode: soft reset, then the shell waits for the daemon's reconnect
            t.await("is back online", 30_000);
            t.type("rm -rf shdir");
            t.type("exit");
            t.await("Connection to esp_room1 closed.", 10_000);
            assertTrue(Files.exists(tmp.resolve("history").resolve("esp_room1.history")), "history per device");
        } finally {
            t.close();
        }
        assertEquals(0, run("exec", "esp_room1", "print('after shell')"), err());
    }

    @Test
    @Order(60)
    void deviceLinkForKg() throws Exception {
        DaemonDeviceLink link = new DaemonDeviceLink(fx.cli.settings());
        assertTrue(link.uniqueId("esp_room1").matches("[0-9a-f]{12}"), link.uniqueId("esp_room1"));
        assertTrue(link.encrypted("esp_room1"));
        Path cert = fx.cli.cwd.resolve("cert.der");
        Files.write(cert, new byte[] {1, 2, 3, 4, 5});
        link.upload("esp_room1", cert, "cert.der");
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, Files.readAllBytes(dev.deviceDir().resolve("cert.der")));
        org.junit.jupiter.api.Assertions.assertThrows(DeviceLinkException.class,
                () -> link.uniqueId("nosuch"));
    }

    @Test
    @Order(70)
    void kbiAndSoftAndHardResetThenTheDaemonReconnects() throws Exception {
        assertEquals(0, run("kbi", "-@", "esp_room1"), err());
        assertTrue(out().contains("KeyboardInterrupt sent"), out());
        assertEquals(0, run("reset", "-@", "esp_room1"), err());
        assertEquals("esp_room1: soft reset\n", out());
        fx.awaitOnline(60_000, "esp_room1");
        assertEquals(0, run("exec", "esp_room1", "print('after soft reset')"), err());
        assertEquals(0, run("reset", "-hr", "-@", "esp_room1"), err());
        assertEquals("esp_room1: hard reset\n", out());
        Thread.sleep(500);
        fx.awaitOnline(60_000, "esp_room1");
        assertEquals(0, run("exec", "esp_room1", "print('after hard reset')"), err());
        assertEquals("after hard reset\n", out());
    }

    @Test
    @Order(5)
    void fastExecPathAndPicocliPathAgree() {
        String[][] lines = {{"exec", "esp_room1", "print(6*7)"}, {"exec", "print(6*7)", "-@", "esp_room1"},
                {"print(6*7)", "-@", "esp_room1"}, {"exec", "esp_room1", "1/0"}, {"exec", "nosuch", "print(1)"}};
        for (String[] l : lines) {
            String[] m = FastExec.match(l, Main.VERBS.keySet());
            assertTrue(m != null, String.join(" ", l));
            java.io.StringWriter o = new java.io.StringWriter();
            java.io.StringWriter e = new java.io.StringWriter();
            Integer fast = FastExec.run(m[0], m[1], fx.cli.settings(),
                    new java.io.PrintWriter(o, true), new java.io.PrintWriter(e, true));
            int slow = run(l);
            assertEquals(Integer.valueOf(slow), fast, String.join(" ", l));
            assertEquals(out(), o.toString(), String.join(" ", l));
            assertEquals(err(), e.toString(), String.join(" ", l));
        }
        // everything else goes to picocli
        assertEquals(null, FastExec.match(new String[] {"exec", "-@", "a", "b", "--", "x"}, Main.VERBS.keySet()));
        assertEquals(null, FastExec.match(new String[] {"ls", "-@", "esp_room1"}, Main.VERBS.keySet()));
        assertEquals(null, FastExec.match(new String[] {"shl@esp_room1"}, Main.VERBS.keySet()));
        assertEquals(null, FastExec.match(new String[] {"probe", "-@", "x"}, Main.VERBS.keySet()));
        assertEquals(null, FastExec.run("esp*", "print(1)", fx.cli.settings(),
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter())));
    }
}
