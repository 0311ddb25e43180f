package dev.upyd.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.upyd.cli.Main;
import dev.upyd.sim.SimulatedDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * upydev's remaining transfer and run flags (put -rst, get -d/-fg/-b, dsync -t/-f/-p/-i/-fg/-b, run -r)
 * end to end: the CLI, the real daemon, a simulated ESP32 running the real MicroPython over real TLS.
 * Device state is checked on the device's own flash directory or with Python on the device.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class UpydevFlagsEndToEndTest {
    private static final String DEV = "esp_room1";

    @TempDir
    static Path tmp;
    static CliDaemonFixture fx;
    static SimulatedDevice dev;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(CliDaemonFixture.nodeAvailable(), "node and sim/node/node_modules are needed for the MicroPython simulator");
        fx = new CliDaemonFixture(tmp);
        dev = fx.micropython(DEV);
        fx.startDaemon();
        fx.awaitOnline(60_000, DEV);
        work = fx.cli.cwd;
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
        return fx.cli.out.replace("\r\n", "\n");
    }

    private String err() {
        return fx.cli.err;
    }

    @Test
    @Order(1)
    void getDepthSearchFindsFilesLevelsDownAndFgBAreNoOps() throws Exception {
        Path flash = dev.deviceDir();
        Files.createDirectories(flash.resolve("proj/sub/deeper"));
        Files.writeString(flash.resolve("proj/top.py"), "TOP = 1\n");
        Files.writeString(flash.resolve("proj/sub/mid.py"), "MID = 2\n");
        Files.writeString(flash.resolve("proj/sub/notes.txt"), "not python\n");
        Files.writeString(flash.resolve("proj/sub/deeper/low.py"), "LOW = 3\n");

        // no -d: the pattern's own level only
        assertEquals(0, run("get", "*.py", "-dir", "proj", "-o", "d0", "-@", DEV), err());
        assertEquals("TOP = 1\n", Files.readString(work.resolve("d0/top.py")));
        assertFalse(Files.exists(work.resolve("d0/mid.py")), out());

        // -d 2: PAT and */PAT below -dir (upydev adds the levels before the -dir prefix)
        assertEquals(0, run("get", "*.py", "-dir", "proj", "-d", "2", "-o", "d2", "-@", DEV), err());
        assertEquals("TOP = 1\n", Files.readString(work.resolve("d2/top.py")));
        assertEquals("MID = 2\n", Files.readString(work.resolve("d2/mid.py")));
        assertFalse(Files.exists(work.resolve("d2/low.py")), "two levels only");
        assertFalse(Files.exists(work.resolve("d2/notes.txt")));
        assertTrue(out().contains(DEV + ":/proj/sub/mid.py -> ") && out().contains("sha256 ok"), out());

        // -d 3 with a plain name finds it where it is; -fg and -b N change nothing
        assertEquals(0, run("get", "low.py", "-dir", "proj", "-d", "3", "-fg", "-b", "1024", "-o", "d3", "-@", DEV), err());
        assertEquals("LOW = 3\n", Files.readString(work.resolve("d3/low.py")));

        // nothing at any level: a clear device-side failure, not an empty success
        assertEquals(Main.ExitCodes.DEVICE_EXCEPTION, run("get", "*.nope", "-dir", "proj", "-d", "3", "-@", DEV));
        assertTrue(err().contains("no file matches proj/*.nope (searched 3 levels deep)"), err());

        // two device files with one basename would overwrite each other locally: refused, nothing written
        Files.writeString(flash.resolve("proj/sub/top.py"), "OTHER TOP\n");
        assertEquals(Main.ExitCodes.USAGE, run("get", "top.py", "-dir", "proj", "-d", "2", "-o", "clash", "-@", DEV));
        assertTrue(err().contains("proj/top.py and proj/sub/top.py would both land as"), err());
        assertFalse(Files.exists(work.resolve("clash")));
    }

    @Test
    @Order(2)
    void dsyncIgnoreTreeDiffAndForce() throws Exception {
        Path proj = work.resolve("sync");
        Files.createDirectories(proj.resolve("lib"));
        Files.createDirectories(proj.resolve("tests"));
        Files.writeString(proj.resolve("main.py"), "import lib.util\nprint('v1')\n");
        Files.writeString(proj.resolve("lib/util.py"), "X = 1\n");
        Files.write(proj.resolve("data.bin"), new byte[] {0, 1, 2, 3});
        Files.writeString(proj.resolve("skip.pyc"), "compiled");
        Files.writeString(proj.resolve("tests/test_util.py"), "assert True\n");
        Files.writeString(proj.resolve("debug.log"), "log\n");
        assertEquals(0, run("mkdir", "sync", "-@", DEV), err());
        assertEquals(0, run("exec", DEV, "import os; os.chdir('sync')"), err());
        Path flash = dev.deviceDir().resolve("sync");
        try {
            fx.cli.cwd = proj;
            // -t -n -i: a tree of the source without the ignored paths, nothing moves
            assertEquals(0, run("dsync", "-t", "-n", "-i", "*.pyc", "tests", "r!.*\\.log", "-@", DEV), err());
            String o = out();
            assertTrue(o.contains("local:\n.\n"), o);
            assertTrue(o.contains("├── lib\n│   └── util.py\n") && o.contains("main.py"), o);
            assertFalse(o.contains("skip.pyc") || o.contains("tests") || o.contains("debug.log"), o);
            assertTrue(o.contains("1 new dirs, 0 dirs deleted") && o.contains("3 new files, 0 files changed"), o);
            assertFalse(Files.exists(flash.resolve("main.py")), "-n moved nothing");

            // the real thing, same ignores
            assertEquals(0, run("dsync", "-i", "*.pyc", "tests", "r!.*\\.log", "-@", DEV), err());
            assertTrue(Files.exists(flash.resolve("main.py")) && Files.exists(flash.resolve("lib/util.py")));
            assertArrayEquals(new byte[] {0, 1, 2, 3}, Files.readAllBytes(flash.resolve("data.bin")));
            assertFalse(Files.exists(flash.resolve("skip.pyc")) || Files.exists(flash.resolve("tests"))
                    || Files.exists(flash.resolve("debug.log")), "ignored paths were sent");

            // -rf never deletes what is ignored on the destination
            Files.writeString(flash.resolve("device.log"), "kept\n");
            assertEquals(0, run("dsync", "-rf", "-i", "*.pyc", "tests", "r!.*\\.log", "-@", DEV), err());
            assertTrue(Files.exists(flash.resolve("device.log")), out());

            // -p: a unified diff of a changed text file, one line for a changed binary file
            Files.writeString(proj.resolve("main.py"), "import lib.util\nprint('v2')\n");
            Files.write(proj.resolve("data.bin"), new byte[] {0, 1, 2, 4});
            assertEquals(0, run("dsync", "-p", "-n", "-i", "*.pyc", "tests", "r!.*\\.log", "-@", DEV), err());
            o = out();
            assertTrue(o.contains("--- a/main.py\n+++ b/main.py\n@@ -1,2 +1,2 @@\n import lib.util\n-print('v1')\n"
                    + "+print('v2')\n"), o);
            assertTrue(o.contains("binary files a/data.bin and b/data.bin differ"), o);
            assertFalse(o.contains("a/lib/util.py"), "unchanged files are not diffed: " + o);
            assertEquals("import lib.util\nprint('v1')\n", Files.readString(flash.resolve("main.py")), "-n with -p");

            // without -f an unchanged tree moves nothing; with -f everything local is sent again
            assertEquals(0, run("dsync", "-i", "*.pyc", "tests", "r!.*\\.log", "-@", DEV), err());
            assertTrue(out().contains("0 new files, 2 files changed"), out());
            assertEquals(0, run("dsync", "-i", "*.pyc", "tests", "r!.*\\.log", "-@", DEV), err());
            assertTrue(out().contains("0 new files, 0 files changed"), out());
            // a device copy changed behind dsync's back with the same size: -f overwrites it without asking
            Files.writeString(flash.resolve("lib/util.py"), "X = 9\n");
            assertEquals(0, run("dsync", "-f", "-i", "*.pyc", "tests", "r!.*\\.log", "-@", DEV), err());
            assertTrue(out().contains("0 new files, 3 files changed"), out());
            assertEquals("X = 1\n", Files.readString(flash.resolve("lib/util.py")));

            // device -> host: -t prints the device's tree; -fg -b are accepted; -p diffs device vs local
            Files.writeString(flash.resolve("lib/util.py"), "X = 10\n");
            assertEquals(0, run("dsync", "-d", "-t", "-p", "-fg", "-b", "256", "-i", "r!.*\\.log", "-@", DEV), err());
            o = out();
            assertTrue(o.contains(DEV + ":\n.\n") && o.contains("util.py"), o);
            assertTrue(o.contains("--- a/lib/util.py\n+++ b/lib/util.py\n@@ -1 +1 @@\n-X = 1\n+X = 10\n"), o);
            assertEquals("X = 10\n", Files.readString(proj.resolve("lib/util.py")));
            assertFalse(Files.exists(proj.resolve("device.log")), "ignored on the device side too");
        } finally {
            fx.cli.cwd = work;
            run("exec", DEV, "import os; os.chdir('/')");
            run("rm", "-rf", "sync", "-@", DEV);
        }
    }

    @Test
    @Order(3)
    void runDashRRunsAgainEachTime() throws Exception {
        // the count lives in a file: it survives the unload of the module itself
        Files.writeString(dev.deviceDir().resolve("counter.py"), "try:\n    with open('runs.txt') as f:\n"
                + "        n = int(f.read())\nexcept OSError:\n    n = 0\nwith open('runs.txt', 'w') as f:\n"
                + "    f.write(str(n + 1))\nprint('run', n + 1)\n");
        assertEquals(0, run("run", "counter.py", "-r", "-@", DEV), err());
        assertEquals("run 1\n", out());
        assertEquals(0, run("run", "counter.py", "-r", "-@", DEV), err());
        assertEquals("run 2\n", out(), "the second run executed the script again");
        assertEquals(0, run("exec", DEV, "import sys; print('counter' in sys.modules)"), err());
        assertEquals("False\n", out());
    }

    @Test
    @Order(10)
    void putThenSoftResetWaitsUntilTheDeviceIsBack() throws Exception {
        Files.writeString(work.resolve("boot_note.py"), "NOTE = 'after reset'\n");
        assertEquals(0, run("exec", DEV, "_before_reset = 1"), err());
        assertEquals(0, run("exec", DEV, "print('_before_reset' in globals())"), err());
        assertEquals("True\n", out(), "REPL globals live from one command to the next until a reset");
        assertEquals(0, run("put", "boot_note.py", "-rst", "-@", DEV), err());
        String o = out();
        assertTrue(o.contains("boot_note.py -> " + DEV + ":/boot_note.py") && o.contains("sha256 ok"), o);
        assertTrue(o.indexOf("sha256 ok") < o.indexOf(DEV + ": soft reset\n"), "reset after the put: " + o);
        assertTrue(o.endsWith(DEV + ": online again\n"), o);
        // no waiting here: the command above returned only once the daemon had the device again
        assertEquals(0, run("exec", DEV, "import boot_note; print('_before_reset' in globals(), boot_note.NOTE)"), err());
        assertEquals("False after reset\n", out(), "the interpreter was reset and the file is there");
    }
}
