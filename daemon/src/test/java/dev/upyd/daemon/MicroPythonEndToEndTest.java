package dev.upyd.daemon;

import dev.upyd.daemon.api.LocalApiClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.sim.SimSettings;
import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.testkit.SimDevices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon against the REAL MicroPython interpreter (WebAssembly, in node) behind the simulated
 * WebSecureREPL: exec, PUT/GET round trip, an exception, a soft reset. Skipped (with the reason) only
 * when node or sim/node/node_modules is missing.
 */
class MicroPythonEndToEndTest {
    static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    Fleet fleet;
    DaemonFixture fx;
    SimulatedDevice d;

    @AfterEach
    void tearDown() {
        if (fx != null) {
            fx.close();
        }
        if (d != null) {
            d.stop();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("sim/node"))) {
            p = p.getParent();
        }
        return p;
    }

    @Test
    void execPutGetAndSoftResetOnRealMicroPython() throws Exception {
        Path repo = repo();
        Assumptions.assumeTrue(repo != null && Files.isDirectory(repo.resolve("sim/node/node_modules")),
                "sim/node/node_modules missing: run `npm ci` in sim/node (scripts/setup.sh does)");
        Assumptions.assumeTrue(new ProcessBuilder("node", "--version").start().waitFor() == 0, "node not installed");
        fleet = new Fleet(tmp);
        Path dir = Files.createDirectories(tmp.resolve("mpdev"));
        SimDevices.prepareDeviceDir(dir, fleet.pki, "mp", SimDevices.UID, SimDevices.PASSWORD, 8833);
        d = SimulatedDevice.start(SimSettings.builder(dir).name("mp").port(0).tls(true).upydHome(repo)
                .backend(SimSettings.BackendKind.MICROPYTHON).rebootDelayMs(300).build());
        fleet.writeGroup(Fleet.tlsEntry("mp", d));
        fx = new DaemonFixture(fleet.home, tmp.resolve("run"));
        fx.set("UPYD_LOGIN_TIMEOUT_MS", "15000").set("UPYD_LIVENESS_INTERVAL_MS", "5000")
                .set("UPYD_LIVENESS_DEAD_AFTER_MS", "15000").set("UPYD_FILE_TIMEOUT_MS", "30000");
        fx.start();
        DaemonFixture.await("mp online", 60000, () -> fx.daemon.session("mp").orElseThrow().info().state().equals("online"));
        try (LocalApiClient cl = fx.client()) {
            LocalApiClient.Outcome o = cl.exec("mp", "import sys\nprint(sys.implementation.name, 2**70)", T);
            assertEquals(0, o.exitCode(), o.message() + o.stderr());
            assertEquals("micropython 1180591620717411303424\r\n", o.stdout());
            int fid = cl.nextId();
            cl.send(new dev.upyd.protocol.api.Exec(fid, "mp", "[i*i for i in range(4)]".getBytes(StandardCharsets.UTF_8),
                    dev.upyd.protocol.api.Exec.FLAG_FRIENDLY | dev.upyd.protocol.api.Exec.FLAG_ECHO_OFF));
            LocalApiClient.Outcome fr = cl.collect(fid, T);
            assertEquals("[0, 1, 4, 9]\n", fr.stdout(), fr.message() + fr.stderr());
            LocalApiClient.Outcome err = cl.exec("mp", "def f():\n    raise ValueError('bad value')\nf()", T);
            assertEquals(1, err.exitCode());
            assertTrue(err.stderr().contains("ValueError: bad value"), err.stderr());
            assertEquals("ValueError: bad value", err.message());

            byte[] data = new byte[50_000];
            new Random(9).nextBytes(data);
            long t0 = System.nanoTime();
            LocalApiClient.Outcome put = cl.put("mp", "data.bin", data, T);
            long putMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, put.exitCode(), put.message());
            assertTrue(Arrays.equals(data, Files.readAllBytes(dir.resolve("data.bin"))));
            t0 = System.nanoTime();
            LocalApiClient.Download got = cl.get("mp", "data.bin", T);
            long getMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, got.exitCode(), got.message());
            assertTrue(Arrays.equals(data, got.data()));
            assertEquals(put.message(), got.message());
            System.out.println("[measure] real MicroPython: 50 kB put " + putMs + " ms, get " + getMs + " ms");
            LocalApiClient.Outcome ls = cl.exec("mp", "import os\nprint('data.bin' in os.listdir(), "
                    + "'.upyd-put.tmp' in os.listdir())", T);
            assertEquals("True False\r\n", ls.stdout(), "the temporary name is gone after the rename");
            assertEquals(0, cl.exec("mp", "import os\nos.mkdir('lib')", T).exitCode());
            assertEquals(0, cl.put("mp", "lib/util.py", "X = 41\n".getBytes(StandardCharsets.UTF_8), T).exitCode());
            assertEquals("42\r\n", cl.exec("mp", "import sys\nsys.path.append('/lib')\nimport util\nprint(util.X + 1)", T).stdout());

            long before = fx.daemon.session("mp").orElseThrow().info().sessionsOpened();
            t0 = System.nanoTime();
            LocalApiClient.Outcome reset = cl.exec("mp", "import machine\nmachine.soft_reset()", T);
            assertEquals(3, reset.exitCode(), reset.message());
            DaemonFixture.await("mp back after soft reset", 60000, () -> {
                var i = fx.daemon.session("mp").orElseThrow().info();
                return i.state().equals("online") && i.sessionsOpened() == before + 1;
            });
            System.out.println("[measure] real MicroPython soft reset: online again after "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertEquals("3\r\n", cl.exec("mp", "print(1+2)", T).stdout());
        }
    }
}
