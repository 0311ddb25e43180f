package dev.upyd.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.upyd.protocol.webrepl.FileRequest;
import dev.upyd.sim.backend.NodeLocator;
import dev.upyd.sim.testkit.SimDevices;
import dev.upyd.sim.testkit.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interpreter paths with the real MicroPython (WebAssembly) behind the simulated device, over real
 * TLS. Skipped, with the reason, only when node or sim/node/node_modules is missing.
 */
class MicroPythonDeviceTest {
    static TestPki pki;

    @TempDir
    Path dir;
    SimulatedDevice dev;

    @BeforeAll
    static void requirements() throws Exception {
        Path script;
        try {
            script = NodeLocator.script(null);
        } catch (SimException e) {
            assumeTrue(false, "micropython backend tests skipped: " + e.getMessage());
            return;
        }
        assumeTrue(NodeLocator.packageInstalled(script),
                "micropython backend tests skipped: run 'npm ci' in " + script.getParent());
        boolean node;
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            node = false;
        }
        assumeTrue(node, "micropython backend tests skipped: 'node' is not on the PATH");
        pki = TestPki.create();
    }

    @BeforeEach
    void start() throws SimException {
        SimDevices.prepareDeviceDir(dir, pki, "mp0", SimDevices.UID, SimDevices.PASSWORD, 8833);
        dev = SimulatedDevice.start(SimSettings.builder(dir).name("mp0").port(0)
                .backend(SimSettings.BackendKind.MICROPYTHON).rebootDelayMs(200).build());
    }

    @AfterEach
    void stop() {
        if (dev != null) {
            dev.stop();
        }
    }

    TestClient login() throws Exception {
        LightDeviceTest.waitFor(() -> !dev.hasClient());
        TestClient c = TestClient.tls(dev.port(), pki.hostTls(), pki.hostTls(), LightDeviceTest.CCM8);
        c.upgrade(false);
        c.login(SimDevices.PASSWORD);
        return c;
    }

    @Test
    void friendlyAndRawRepl() throws Exception {
        try (TestClient c = login()) {
            c.sendText("print(1+1)\r");
            assertEquals("print(1+1)\r\n2\r\n>>> ", c.expect(">>> "));
            c.sendText("\u0001");
            assertEquals("\r\nraw REPL; CTRL-B to exit\r\n>", c.expect("CTRL-B to exit\r\n>"));
            c.sendText("print(1+1)\u0004");
            assertEquals("OK2\r\n\u0004\u0004>", c.expect("\u0004>"));
            c.sendText("import machine; print(machine.unique_id())\u0004");
            assertEquals("OKb'$\\n\\xc4\\xe0\\xc0\\xde'\r\n\u0004\u0004>", c.expect("\u0004>"));
        }
    }

    @Test
    void rawPasteOfTenKilobytesArrivesIntact() throws Exception {
        StringBuilder script = new StringBuilder("total = 0\n");
        for (int i = 0; i < 700; i++) {
            script.append("total += ").append(i).append("  # padding padding\n");
        }
        script.append("print('sum', total)\n");
        byte[] code = script.toString().getBytes(StandardCharsets.UTF_8);
        assertTrue(code.length > 10_000);
        try (TestClient c = login()) {
            c.sendText("\u0001");
            c.expect("CTRL-B to exit\r\n>");
            String out = c.rawPaste(code);
            assertEquals("\u0004sum " + (699 * 700 / 2) + "\r\n\u0004\u0004>", out);
        }
    }

    @Test
    void ctrlCStopsASleepLoop() throws Exception {
        try (TestClient c = login()) {
            c.sendText("\u0001");
            c.expect("CTRL-B to exit\r\n>");
            c.sendText("import time\nwhile True:\n    time.sleep(0.1)\n\u0004");
            assertEquals("OK", c.expect("OK"));
            c.sendText("\u0003");
            String out = c.expect("\u0004>");
            assertTrue(out.contains("KeyboardInterrupt"), TestClient.esc(out));
            c.sendText("print(7)\u0004");
            assertEquals("OK7\r\n\u0004\u0004>", c.expect("\u0004>"));
        }
    }

    @Test
    void putThenGetIsByteIdenticalAndVisibleToMicroPython() throws Exception {
        byte[] data = new byte[100 * 1024];
        new Random(7).nextBytes(data);
        try (TestClient c = login()) {
            byte[] put = FileRequest.put("/blob.bin", data.length).encode();
            c.sendBinary(Arrays.copyOfRange(put, 0, 10));
            c.sendBinary(Arrays.copyOfRange(put, 10, 82));
            assertArrayEquals(new byte[] {'W', 'B', 0, 0}, c.readBinary());
            for (int off = 0; off < data.length; off += 1024) {
                c.sendBinary(Arrays.copyOfRange(data, off, Math.min(data.length, off + 1024)));
            }
            assertArrayEquals(new byte[] {'W', 'B', 0, 0}, c.readBinary());

            c.sendText("\u0001");
            c.expect("CTRL-B to exit\r\n>");
            c.sendText("import os\nprint('blob.bin' in os.listdir(), os.stat('blob.bin')[6])\u0004");
            assertEquals("OKTrue " + data.length + "\r\n\u0004\u0004>", c.expect("\u0004>"));
            c.sendText("import hashlib, binascii\nprint(binascii.hexlify(hashlib.sha256(open('blob.bin','rb').read()).digest()))\u0004");
            String sha = java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(data));
            assertEquals("OKb'" + sha + "'\r\n\u0004\u0004>", c.expect("\u0004>"));

            c.sendBinary(FileRequest.get("/blob.bin").encode());
            assertArrayEquals(new byte[] {'W', 'B', 0, 0}, c.readBinary());
            int pulls = (data.length + 255) / 256 + 1;
            for (int i = 0; i < pulls; i++) {
                c.sendBinary(new byte[] {0});
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (true) {
                byte[] chunk = c.readBinary();
                int len = (chunk[0] & 0xff) | (chunk[1] & 0xff) << 8;
                if (len == 0) {
                    break;
                }
                got.write(chunk, 2, len);
            }
            assertArrayEquals(new byte[] {'W', 'B', 0, 0}, c.readBinary());
            assertArrayEquals(data, got.toByteArray());
        }
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("blob.bin")));
    }

    @Test
    void fileWrittenByMicroPythonCanBeFetched() throws Exception {
        try (TestClient c = login()) {
            c.sendText("\u0001");
            c.expect("CTRL-B to exit\r\n>");
            c.sendText("f = open('made.txt', 'w'); f.write('hello from mpy'); f.close()\u0004");
            c.expect("\u0004>");
            c.sendBinary(FileRequest.get("made.txt").encode());
            assertArrayEquals(new byte[] {'W', 'B', 0, 0}, c.readBinary());
            c.sendBinary(new byte[] {0});
            byte[] chunk = c.readBinary();
            assertEquals("hello from mpy", new String(chunk, 2, chunk.length - 2, StandardCharsets.UTF_8));
        }
    }

    @Test
    void softResetDropsAndTheDeviceComesBackWithAFreshHeap() throws Exception {
        try (TestClient c = login()) {
            c.sendText("x = 41\r");
            c.expect(">>> ");
            c.sendText("\u0004");
            assertTrue(c.closedByPeer());
        }
        dev.awaitListening(10_000);
        try (TestClient c = login()) {
            c.sendText("x\r");
            assertTrue(c.expect(">>> ").contains("NameError"));
        }
        assertEquals(1, dev.stats().resets());
    }

    @Test
    void machineResetDropsAndTheDeviceComesBack() throws Exception {
        try (TestClient c = login()) {
            c.sendText("import machine; machine.reset()\r");
            assertTrue(c.closedByPeer());
        }
        dev.awaitListening(10_000);
        try (TestClient c = login()) {
            c.sendText("print(6*7)\r");
            assertTrue(c.expect(">>> ").contains("42\r\n"));
        }
    }

    @Test
    void getVersionIsTheInterpreters() throws Exception {
        try (TestClient c = login()) {
            c.sendBinary(FileRequest.getVersion().encode());
            assertArrayEquals(new byte[] {1, 27, 0}, c.readBinary());
        }
    }
}
