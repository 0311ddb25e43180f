package dev.upyd.cli.devicecmd;

import dev.upyd.cli.e2e.CliDaemonFixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.upyd.cli.Main;
import dev.upyd.sim.SimulatedDevice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * update_upyutils, set_wss and device status through the real CLI, the real daemon (in-process, real Unix
 * socket) and a simulated ESP32 running the real MicroPython interpreter over real TLS. The sim's device
 * folder is the board's flash, so the tests look at what landed there directly.
 *
 * <p>The WebAssembly MicroPython has no socket/ssl modules, so after set_wss the patched boot.py's
 * {@code upyd_wss.start(ssl=True)} fails inside the interpreter at boot (the sim prints the traceback, as a
 * board would on its console) while the sim keeps serving wss from Java. What these tests check is
 * therefore the patching, the backup, idempotency, the diff, the reset and the daemon's reconnect, not
 * that upyd_wss itself serves TLS (device/test covers its logic inside the interpreter).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class DeviceModulesEndToEndTest {
    static final String NAME = "esp_room1";

    @TempDir
    static Path tmp;
    static CliDaemonFixture fx;
    static SimulatedDevice dev;
    static Path repoDevice;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(CliDaemonFixture.nodeAvailable(), "node and sim/node/node_modules are needed for the MicroPython simulator");
        repoDevice = ModuleManifestTest.repoDeviceFolder();
        fx = new CliDaemonFixture(tmp);
        dev = fx.micropython(NAME);
        fx.startDaemon();
        fx.awaitOnline(60_000, NAME);
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

    private Path onDevice(String path) {
        return dev.deviceDir().resolve(path.substring(1));
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    /** A copy of device/ to change modules in (the --from folder). */
    private static Path copyOfDeviceFolder(String name) throws IOException {
        Path dst = tmp.resolve(name);
        try (Stream<Path> walk = Files.walk(repoDevice)) {
            for (Path p : (Iterable<Path>) walk.filter(q -> !q.toString().contains("node_modules"))::iterator) {
                Path q = dst.resolve(repoDevice.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dst;
    }

    @Test
    @Order(1)
    void statusBeforeInstallShowsEverythingMissing() {
        assertEquals(0, run("device", "status", "-@", NAME), err());
        for (String m : new String[] {"upyd_fs", "upyd_ota", "upyd_sha1", "upyd_wss", "wss_repl"}) {
            assertTrue(out().matches("(?s).*\\n" + m + " +/lib/" + m + "\\.py +- +0\\.1\\.0 +missing\\n.*"), out());
        }
        assertTrue(out().contains("wss at boot: not enabled"), out());
        assertTrue(out().contains("/SSL_key" + dev.uid() + ".der ok"), out());
    }

    @Test
    @Order(2)
    void setWssRefusesWithoutUpydWss() {
        assertEquals(Main.ExitCodes.USAGE, run("set_wss", "-@", NAME));
        assertTrue(err().contains("/lib/upyd_wss.py is not on the device; run `upyd update_upyutils -@ " + NAME + "` first"),
                err());
        assertFalse(Files.exists(onDevice("/boot.py.bak")));
    }

    @Test
    @Order(3)
    void firstInstallUploadsAll() throws Exception {
        boolean hadLib = Files.isDirectory(onDevice("/lib"));
        assertEquals(0, run("update_upyutils", "-@", NAME), err());
        if (!hadLib) {
            assertTrue(out().contains("created " + NAME + ":/lib\n"), out());
        }
        assertTrue(out().contains("upyd_fs.py    -> " + NAME + ":/lib/upyd_fs.py    uploaded   9052 bytes  sha256 ok"), out());
        assertTrue(out().endsWith(NAME + ": 5 uploaded, 0 unchanged, 0 failed\n"), out());
        for (String f : new String[] {"upyd_fs.py", "upyd_ota.py", "upyd_sha1.py", "upyd_wss.py", "wss_repl.py"}) {
            assertArrayEquals(Files.readAllBytes(repoDevice.resolve("lib/" + f)), Files.readAllBytes(onDevice("/lib/" + f)), f);
        }
    }

    @Test
    @Order(4)
    void secondInstallUploadsNothing() throws Exception {
        long mtime = Files.getLastModifiedTime(onDevice("/lib/upyd_wss.py")).toMillis();
        assertEquals(0, run("update_upyutils", "--json", "-@", NAME), err());
        assertTrue(out().contains("\"uploaded\":0,\"unchanged\":5,\"failed\":0}"), out());
        assertTrue(out().contains("{\"name\":\"upyd_wss\",\"file\":\"upyd_wss.py\",\"path\":\"/lib/upyd_wss.py\","
                + "\"version\":\"0.1.0\",\"status\":\"unchanged\""), out());
        assertEquals(mtime, Files.getLastModifiedTime(onDevice("/lib/upyd_wss.py")).toMillis());
    }

    @Test
    @Order(5)
    void aModuleChangedOnTheHostIsTheOnlyOneSent() throws Exception {
        Path changed = copyOfDeviceFolder("changed");
        Files.writeString(changed.resolve("lib/upyd_fs.py"), "\n# changed on the host\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        assertEquals(0, run("device", "install", "--from", changed.toString(), "-@", NAME), err());
        assertTrue(out().contains("upyd_fs.py    -> " + NAME + ":/lib/upyd_fs.py    uploaded"), out());
        assertTrue(out().contains("upyd_wss.py   -> " + NAME + ":/lib/upyd_wss.py   unchanged\n"), out());
        assertTrue(out().endsWith(NAME + ": 1 uploaded, 4 unchanged, 0 failed\n"), out());
        assertTrue(err().contains("manifest.json says"), "a module that differs from the manifest is reported: " + err());
        assertArrayEquals(Files.readAllBytes(changed.resolve("lib/upyd_fs.py")), Files.readAllBytes(onDevice("/lib/upyd_fs.py")));
        // patterns select: only wss_repl considered
        assertEquals(0, run("update_upyutils", "wss_*.py", "--from", changed.toString(), "-@", NAME), err());
        assertTrue(out().endsWith(NAME + ": 0 uploaded, 1 unchanged, 0 failed\n"), out());
        assertEquals(Main.ExitCodes.USAGE, run("update_upyutils", "nanoglob.py", "-@", NAME));
        assertTrue(err().contains("no upyd device module matches 'nanoglob.py'"), err());
    }

    @Test
    @Order(6)
    void anInterruptedUploadLeavesTheOldFileIntact() throws Exception {
        byte[] before = Files.readAllBytes(onDevice("/lib/upyd_fs.py"));
        Path huge = copyOfDeviceFolder("huge");
        StringBuilder sb = new StringBuilder(read(huge.resolve("lib/upyd_fs.py")));
        String filler = "# " + "x".repeat(61) + "\n";
        while (sb.length() < 4 << 20) {
            sb.append(filler);
        }
        Files.writeString(huge.resolve("lib/upyd_fs.py"), sb);
        // the daemon writes the upload under a temp name in /lib: once it is growing, the connection is cut
        Path temp = onDevice("/lib/.upyd-put.tmp");
        AtomicInteger code = new AtomicInteger(-1);
        Thread cli = new Thread(() -> code.set(run("update_upyutils", "upyd_fs.py", "--from", huge.toString(), "-@", NAME)));
        cli.start();
        boolean dropped = false;
        long deadline = System.currentTimeMillis() + 60_000;
        while (cli.isAlive() && System.currentTimeMillis() < deadline) {
            // the simulated board streams a PUT into its own ".upyd-put-<uuid>.tmp" and renames it to the
            // daemon's temp name only when complete: cut while that file is still growing
            if (growing(temp.getParent(), 256 * 1024)) {
                dev.dropClient();
                dropped = true;
                break;
            }
            Thread.sleep(1);
        }
        cli.join(60_000);
        assertTrue(dropped, "the upload was not seen in progress; out: " + out() + " err: " + err());
        assertEquals(Main.ExitCodes.UNREACHABLE, code.get(), out() + err());
        assertTrue(err().contains("upyd_fs.py") && err().contains("failed"), err());
        assertTrue(out().endsWith(NAME + ": 0 uploaded, 0 unchanged, 1 failed\n"), out());
        assertArrayEquals(before, Files.readAllBytes(onDevice("/lib/upyd_fs.py")), "the old module is intact");
        fx.awaitOnline(60_000, NAME);
    }

    private static boolean growing(Path dir, long atLeast) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> {
                String n = f.getFileName().toString();
                try {
                    return n.startsWith(".upyd-put-") && n.endsWith(".tmp") && Files.size(f) > atLeast;
                } catch (java.io.IOException gone) {
                    return false; // renamed between list and size
                }
            });
        }
    }

    @Test
    @Order(7)
    void setWssNamesAMissingTlsFile() throws Exception {
        Path ca = onDevice("/ROOT_CA_cert.pem");
        Path aside = tmp.resolve("ca-aside.pem");
        Files.move(ca, aside);
        try {
            assertEquals(Main.ExitCodes.USAGE, run("set_wss", "-@", NAME));
            assertTrue(err().contains("/ROOT_CA_cert.pem is not on the device") && err().contains("upyd kg ssl CA -tfkey -@ "
                    + NAME), err());
        } finally {
            Files.move(aside, ca);
        }
    }

    @Test
    @Order(8)
    void setWssConvertsStockWebreplKeepsABackupAndReconnects() throws Exception {
        String stock = "# This file is executed on every boot (including wake-boot from deepsleep)\n"
                + "import webrepl\nwebrepl.start()\n";
        Files.writeString(onDevice("/boot.py"), stock);
        assertEquals(0, run("set_wss", "--dry-run", "-@", NAME), err());
        String diff = "--- a/boot.py\n+++ b/boot.py\n@@ -1,3 +1,3 @@\n"
                + " # This file is executed on every boot (including wake-boot from deepsleep)\n"
                + "-import webrepl\n-webrepl.start()\n+import upyd_wss\n+upyd_wss.start(ssl=True)\n";
        assertTrue(out().startsWith(diff), out());
        assertEquals(stock, read(onDevice("/boot.py")), "dry run changes nothing");
        assertFalse(Files.exists(onDevice("/boot.py.bak")));

        long loginsBefore = dev.stats().loginsOk();
        long resetsBefore = dev.stats().resets();
        assertEquals(0, run("set_wss", "-@", NAME), err());
        assertTrue(out().startsWith(diff), out());
        assertTrue(out().contains(NAME + ": old /boot.py saved as /boot.py.bak\n"), out());
        assertTrue(out().endsWith(NAME + ": online again\n"), out());
        assertEquals(BootPatch.patch(stock), read(onDevice("/boot.py")));
        assertEquals(stock, read(onDevice("/boot.py.bak")));
        assertTrue(dev.stats().resets() > resetsBefore, "the device was reset");
        assertTrue(dev.stats().loginsOk() > loginsBefore, "the daemon logged in again after the reset");
        assertEquals(0, run("exec", NAME, "print('after', 1+1)"), err());
        assertEquals("after 2\n", out().replace("\r\n", "\n"));
    }

    @Test
    @Order(9)
    void secondSetWssChangesNothing() throws Exception {
        String boot = read(onDevice("/boot.py"));
        long resets = dev.stats().resets();
        assertEquals(0, run("device", "enable-wss", "-@", NAME), err());
        assertEquals(NAME + ": wss already enabled in /boot.py; nothing changed\n", out());
        assertEquals(boot, read(onDevice("/boot.py")));
        assertEquals(resets, dev.stats().resets(), "no reset");
    }

    @Test
    @Order(10)
    void upydevBootIsConvertedAndTheFirstBackupKept() throws Exception {
        String backup = read(onDevice("/boot.py.bak"));
        Files.writeString(onDevice("/boot.py"), "import wss_repl; wss_repl.start(ssl=True)\n");
        assertEquals(0, run("device", "enable-wss", "--wait", "30", "-@", NAME), err());
        assertTrue(out().contains("-import wss_repl; wss_repl.start(ssl=True)\n+import upyd_wss; upyd_wss.start(ssl=True)\n"),
                out());
        assertTrue(out().contains("/boot.py.bak exists; kept as it is"), out());
        assertEquals("import upyd_wss; upyd_wss.start(ssl=True)\n", read(onDevice("/boot.py")));
        assertEquals(backup, read(onDevice("/boot.py.bak")), "the first backup is never overwritten");
    }

    @Test
    @Order(11)
    void statusAfterwards() throws Exception {
        assertEquals(0, run("device", "install", "-@", NAME), err()); // back to the shipped upyd_fs
        assertTrue(out().endsWith(NAME + ": 1 uploaded, 4 unchanged, 0 failed\n"), out());
        assertEquals(0, run("device", "status", "-@", NAME), err());
        assertTrue(out().matches("(?s)MODULE +PATH +ON DEVICE +IN upyd +STATE\\n.*"), out());
        assertTrue(out().matches("(?s).*\\nupyd_wss +/lib/upyd_wss\\.py +0\\.1\\.0 +0\\.1\\.0 +current\\n.*"), out());
        assertTrue(out().contains("wss at boot: enabled"), out());
        assertTrue(out().contains("/ROOT_CA_cert.pem ok"), out());
        assertEquals(0, run("device", "status", "--json", "-@", NAME), err());
        assertTrue(out().startsWith("{\"device\":\"" + NAME + "\",\"uid\":\"" + dev.uid() + "\",\"modules\":[{\"name\":\"upyd_fs\","
                + "\"path\":\"/lib/upyd_fs.py\",\"state\":\"current\",\"version\":\"0.1.0\""), out());
        assertTrue(out().contains("\"bootPy\":true,\"wssEnabled\":true"), out());
        assertEquals(Main.ExitCodes.USAGE, run("device", "frobnicate", "-@", NAME));
        assertTrue(err().contains("unknown action 'frobnicate'"), err());
    }
}
