package dev.upyd.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.pki.TlsMaterial;
import dev.upyd.protocol.webrepl.FileRequest;
import dev.upyd.sim.testkit.SimDevices;
import dev.upyd.sim.testkit.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every protocol path of the simulated device, with the light backend, real TLS and real sockets. */
class LightDeviceTest {
    static final String CCM8 = "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8";
    static final String GCM = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    static TestPki pki;

    @TempDir
    Path dir;
    SimulatedDevice dev;

    @BeforeAll
    static void pki() {
        pki = TestPki.create();
    }

    @AfterEach
    void stop() {
        if (dev != null) {
            dev.stop();
        }
    }

    SimulatedDevice startTls() throws SimException {
        SimDevices.prepareDeviceDir(dir, pki, "dev0", SimDevices.UID, SimDevices.PASSWORD, 8833);
        dev = SimulatedDevice.start(SimSettings.builder(dir).port(0).backend(SimSettings.BackendKind.LIGHT)
                .rebootDelayMs(200).build());
        return dev;
    }

    SimulatedDevice startPlain() throws SimException {
        dev = SimDevices.startLightPlain(dir, "dev0");
        return dev;
    }

    TestClient loggedInTls(String... suites) throws Exception {
        waitForNoClient();
        TestClient c = TestClient.tls(dev.port(), pki.hostTls(), pki.hostTls(), suites);
        assertTrue(c.upgrade(false).startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
        c.login(SimDevices.PASSWORD);
        return c;
    }

    TestClient loggedInPlain() throws IOException {
        waitForNoClient();
        TestClient c = TestClient.plain(dev.port());
        c.upgrade(false);
        c.login(SimDevices.PASSWORD);
        return c;
    }

    @Test
    void mutualTlsWithCcm8() throws Exception {
        startTls();
        try (TestClient c = loggedInTls(CCM8)) {
            assertEquals(CCM8, c.cipherSuite());
            c.sendText("print(1+1)\r");
            assertEquals("print(1+1)\r\n2\r\n>>> ", c.expect(">>> "));
        }
        DeviceStats s = dev.stats();
        assertEquals(1, s.tlsHandshakesCompleted());
        assertEquals(1, s.loginsOk());
    }

    @Test
    void mutualTlsWithGcm() throws Exception {
        startTls();
        try (TestClient c = loggedInTls(GCM)) {
            assertEquals(GCM, c.cipherSuite());
        }
    }

    @Test
    void serverPicksByMbedTlsOrderWhenBothOffered() throws Exception {
        startTls();
        // a board's mbedTLS prefers GCM to CCM_8 whatever the client's order (capture 20)
        try (TestClient c = TestClient.tls(dev.port(), pki.hostTls(), pki.hostTls(), CCM8, GCM)) {
            assertEquals(GCM, c.cipherSuite());
        }
    }

    @Test
    void clientWithoutCertificateIsRefused() throws Exception {
        startTls();
        assertThrows(IOException.class, () -> {
            try (TestClient c = TestClient.tls(dev.port(), null, pki.hostTls(), CCM8)) {
                // TLS 1.2: the server's refusal may only surface on the first read
                c.upgrade(false);
                if (c.readFrame() == null) {
                    throw new SSLException("closed");
                }
            }
        });
        waitFor(() -> dev.stats().tlsHandshakesFailed() == 1);
        assertEquals(0, dev.stats().tlsHandshakesCompleted());
    }

    @Test
    void clientCertificateFromAnotherCaIsRefused() throws Exception {
        startTls();
        TestPki other = TestPki.create("other CA");
        TlsMaterial stranger = TlsMaterial.of(other.hostKey(), List.of(other.hostCertificate()),
                List.of(pki.caCertificate()));
        assertThrows(IOException.class, () -> {
            try (TestClient c = TestClient.tls(dev.port(), stranger, pki.hostTls(), CCM8)) {
                c.upgrade(false);
                if (c.readFrame() == null) {
                    throw new SSLException("closed");
                }
            }
        });
        waitFor(() -> dev.stats().tlsHandshakesFailed() == 1);
    }

    @Test
    void lowerCaseUpgradeGetsTheHtmlPageAndIsClosed() throws Exception {
        startPlain();
        try (TestClient c = TestClient.plain(dev.port())) {
            String head = c.upgrade(true);
            String rest = head + c.readAllRaw();
            assertTrue(rest.startsWith("HTTP/1.0 200 OK\r\n\r\n<base href=\"https://micropython.org/webrepl/\">"), rest);
        }
        // the device is free again for a correct client
        try (TestClient c = loggedInPlain()) {
            c.sendText("1+1\r");
            assertEquals("1+1\r\n2\r\n>>> ", c.expect(">>> "));
        }
    }

    @Test
    void wrongPasswordIsDeniedThenClosed() throws Exception {
        startPlain();
        try (TestClient c = TestClient.plain(dev.port())) {
            c.upgrade(false);
            c.expect("Password: ");
            // the device keeps 10 characters: "testpassEX" != "testpass"
            c.sendText("testpassEXTRA\r");
            assertEquals("\r\nAccess denied\r\n", c.expect("Access denied\r\n"));
            assertTrue(c.closedByPeer());
        }
        assertEquals(1, dev.stats().loginsDenied());
        assertEquals(0, dev.stats().loginsOk());
    }

    @Test
    void nothingIsForwardedBeforeLoginAndBytesAfterTheTerminatorGoToTheRepl() throws Exception {
        startPlain();
        try (TestClient c = TestClient.plain(dev.port())) {
            c.upgrade(false);
            assertEquals("Password: ", c.expect("Password: "));
            // upydev sends the password, then "\r": the second one reaches the REPL as an empty line
            c.sendText(SimDevices.PASSWORD + "\r\r");
            assertEquals("\r\nWebREPL connected\r\n>>> ", c.expect(">>> "));
            assertEquals("\r\n>>> ", c.expect(">>> "));
        }
    }

    @Test
    void friendlyAndRawRepl() throws Exception {
        startPlain();
        try (TestClient c = loggedInPlain()) {
            c.sendText("print(1+1)\r");
            assertEquals("print(1+1)\r\n2\r\n>>> ", c.expect(">>> "));
            c.sendText("\u0001");
            assertEquals("\r\nraw REPL; CTRL-B to exit\r\n>", c.expect(">"));
            c.sendText("print(1+1)\u0004");
            assertEquals("OK2\r\n\u0004\u0004>", c.expect("\u0004>"));
            c.sendText("foo\u0004");
            assertEquals("OK\u0004Traceback (most recent call last):\r\n  File \"<stdin>\", line 1, in <module>\r\n"
                    + "NameError: name 'foo' isn't defined\r\n\u0004>", c.expect("\u0004>"));
            c.sendText("import os, machine\nprint(os.listdir())\nprint(machine.unique_id())\u0004");
            String out = c.expect("\u0004>");
            assertTrue(out.contains("'webrepl_cfg.py'"), out);
            assertTrue(out.contains("b'$\\n\\xc4\\xe0\\xc0\\xde'"), out);
            c.sendText("\u0002");
            assertTrue(c.expect(">>> ").contains("MicroPython v1.27.0"));
        }
    }

    @Test
    void rawPasteOfTenKilobytesArrivesIntactWithFlowControl() throws Exception {
        startPlain();
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            script.append("print(").append(i).append(" * 3)\n");
        }
        byte[] code = script.toString().getBytes(StandardCharsets.UTF_8);
        assertTrue(code.length > 10_000);
        try (TestClient c = loggedInPlain()) {
            c.sendText("\u0001");
            c.expect("raw REPL; CTRL-B to exit\r\n>");
            c.sendText("\u0005A\u0001");
            String hello = c.expect("\u0001");
            assertEquals("R\u0001", hello);
            // window (u16 LE) and the first credit byte follow
            String rest = c.expect("\u0001");
            assertEquals("\u0080\u0000\u0001", rest);
            int window = 128;
            long credit = 2L * window;
            int sent = 0;
            while (sent < code.length) {
                while (credit > 0 && sent < code.length) {
                    int n = (int) Math.min(credit, Math.min(window, code.length - sent));
                    c.sendText(Arrays.copyOfRange(code, sent, sent + n));
                    sent += n;
                    credit -= n;
                }
                if (sent < code.length) {
                    c.expect("\u0001");
                    credit += window;
                }
            }
            c.sendText("\u0004");
            String out = c.expect("\u0004>");
            StringBuilder want = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                want.append(i * 3).append("\r\n");
            }
            // remaining window grants, then the end-of-data ack, stdout, \x04, no error, \x04>
            String body = out.replace("\u0001", "");
            assertEquals("\u0004" + want + "\u0004\u0004>", body);
        }
    }

    @Test
    void ctrlCStopsASleepLoop() throws Exception {
        startPlain();
        try (TestClient c = loggedInPlain()) {
            c.sendText("\u0001");
            c.expect(">");
            c.sendText("import time\nwhile True:\n    time.sleep(0.1)\n\u0004");
            assertEquals("OK", c.expect("OK"));
            c.sendText("\u0003");
            assertEquals("\u0004Traceback (most recent call last):\r\n  File \"<stdin>\", line 3, in <module>\r\n"
                    + "KeyboardInterrupt: \r\n\u0004>", c.expect("\u0004>"));
            c.sendText("print(7)\u0004");
            assertEquals("OK7\r\n\u0004\u0004>", c.expect("\u0004>"));
        }
    }

    @Test
    void ctrlCStopsASleepLoopInTheFriendlyRepl() throws Exception {
        startPlain();
        try (TestClient c = loggedInPlain()) {
            c.sendText("import time\r");
            c.expect(">>> ");
            c.sendText("while True: time.sleep(0.1)\r");
            c.expect("... ");
            c.sendText("\r");
            c.expect("\r\n");
            c.sendText("\u0003");
            assertTrue(c.expect(">>> ").endsWith("KeyboardInterrupt: \r\n>>> "));
        }
    }

    @Test
    void putThenGetOfABinaryFileIsByteIdentical() throws Exception {
        startTls();
        byte[] data = new byte[100 * 1024 + 17];
        new Random(42).nextBytes(data);
        try (TestClient c = loggedInTls(CCM8)) {
            byte[] put = FileRequest.put("/blob.bin", data.length).encode();
            // as webrepl_cli.py does: the header in two frames, 10 + 72
            c.sendBinary(Arrays.copyOfRange(put, 0, 10));
            c.sendBinary(Arrays.copyOfRange(put, 10, 82));
            assertArrayEquals(new byte[] {'W', 'B', 0, 0}, c.readBinary());
            for (int off = 0; off < data.length; off += 1024) {
                c.sendBinary(Arrays.copyOfRange(data, off, Math.min(data.length, off + 1024)));
            }
            assertArrayEquals(new byte[] {'W', 'B', 0, 0}, c.readBinary());
            assertArrayEquals(data, Files.readAllBytes(dir.resolve("blob.bin")));

            c.sendText("import os; os.listdir()\r");
            assertTrue(c.expect(">>> ").contains("'blob.bin'"));

            c.sendBinary(FileRequest.get("blob.bin").encode());
            assertArrayEquals(new byte[] {'W', 'B', 0, 0}, c.readBinary());
            // pipelined pulls: exactly chunks + 1
            int pulls = (data.length + 255) / 256 + 1;
            for (int i = 0; i < pulls; i++) {
                c.sendBinary(new byte[] {0});
            }
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            while (true) {
                byte[] chunk = c.readBinary();
                int len = (chunk[0] & 0xff) | (chunk[1] & 0xff) << 8;
                assertEquals(len, chunk.length - 2);
                assertTrue(len <= 256);
                if (len == 0) {
                    break;
                }
                got.write(chunk, 2, len);
            }
            assertArrayEquals(new byte[] {'W', 'B', 0, 0}, c.readBinary());
            assertArrayEquals(data, got.toByteArray());
            // the session is still healthy
            c.sendText("print(5)\r");
            assertTrue(c.expect(">>> ").contains("5\r\n"));
        }
        assertEquals(2, dev.stats().fileOps());
    }

    @Test
    void getVersion() throws Exception {
        startPlain();
        try (TestClient c = loggedInPlain()) {
            c.sendBinary(FileRequest.getVersion().encode());
            assertArrayEquals(new byte[] {1, 27, 0}, c.readBinary());
        }
    }

    @Test
    void getOfAMissingFileClosesTheConnection() throws Exception {
        startPlain();
        try (TestClient c = loggedInPlain()) {
            c.sendBinary(FileRequest.get("/nope.txt").encode());
            assertTrue(c.closedByPeer());
        }
        try (TestClient c = loggedInPlain()) {
            c.sendBinary(FileRequest.put("/missing_dir/x.txt", 3).encode());
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void pathsCannotLeaveTheDeviceFolder() throws Exception {
        startPlain();
        Files.writeString(dir.getParent().resolve("outside.txt"), "secret");
        try (TestClient c = loggedInPlain()) {
            c.sendBinary(FileRequest.get("../outside.txt").encode());
            assertTrue(c.closedByPeer());
        }
        Files.createSymbolicLink(dir.resolve("link"), dir.getParent());
        try (TestClient c = loggedInPlain()) {
            c.sendBinary(FileRequest.get("/link/outside.txt").encode());
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void secondConcurrentClientIsDroppedAndTheFirstSeesTheNotice() throws Exception {
        startTls();
        try (TestClient first = loggedInTls(CCM8)) {
            try (java.net.Socket second = new java.net.Socket()) {
                second.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
                int port = second.getLocalPort();
                second.setSoTimeout(TestClient.TIMEOUT_MS);
                // the device resets the newcomer at once: connect() itself may already see the RST
                boolean refused;
                try {
                    second.connect(new java.net.InetSocketAddress("127.0.0.1", dev.port()), TestClient.TIMEOUT_MS);
                    refused = second.getInputStream().read() < 0;
                } catch (java.net.SocketException e) {
                    refused = true;
                }
                assertTrue(refused);
                assertEquals("\r\nConcurrent WebREPL connection from ('127.0.0.1', " + port + ") rejected\r\n",
                        first.expect("rejected\r\n"));
            }
            first.sendText("1+1\r");
            assertEquals("1+1\r\n2\r\n>>> ", first.expect(">>> "));
        }
        assertEquals(1, dev.stats().concurrentRejected());
    }

    @Test
    void softResetDropsTheClientAndTheDeviceComesBack() throws Exception {
        startTls();
        try (TestClient c = loggedInTls(CCM8)) {
            c.sendText("x = 5\r");
            c.expect(">>> ");
            c.sendText("\u0004");
            assertEquals("\r\n", c.expect("\r\n"));
            assertTrue(c.closedByPeer());
        }
        dev.awaitListening(5000);
        try (TestClient c = loggedInTls(CCM8)) {
            // a soft reset clears the heap
            c.sendText("x\r");
            assertTrue(c.expect(">>> ").contains("NameError"));
        }
        assertEquals(1, dev.stats().resets());
    }

    @Test
    void restartAndDropClient() throws Exception {
        startPlain();
        try (TestClient c = loggedInPlain()) {
            dev.dropClient();
            assertTrue(c.closedByPeer());
        }
        try (TestClient c = loggedInPlain()) {
            dev.restart();
            assertTrue(c.closedByPeer());
        }
        try (TestClient c = loggedInPlain()) {
            c.sendText("machine\r");
            assertTrue(c.expect(">>> ").contains("NameError"));
        }
    }

    @Test
    void closeFrames() throws Exception {
        startPlain();
        try (TestClient c = loggedInPlain()) {
            // with a status code: 88 00, and the connection stays (transcript 15); the 2 bytes are then
            // part of a WA header, so a whole header of 80 more bytes realigns nothing: just use the REPL
            c.sendClose(new byte[] {0x03, (byte) 0xe8});
            TestClient.Frame f = c.readFrame();
            assertEquals(8, f.opcode());
            assertEquals(0, f.payload().length);
            c.sendText("print(7)\r");
            assertTrue(c.expect(">>> ").contains("7\r\n"));
        }
        try (TestClient c = loggedInPlain()) {
            // the same, with the next frame in the same TCP segment: nothing may be lost
            c.sendCloseThenText(new byte[] {0x03, (byte) 0xe8}, "print(8)\r");
            assertEquals(8, c.readFrame().opcode());
            assertTrue(c.expect(">>> ").contains("8\r\n"));
        }
        try (TestClient c = loggedInPlain()) {
            c.sendClose(new byte[0]);
            TestClient.Frame f = c.readFrame();
            assertEquals(8, f.opcode());
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void pingsAreNotAnswered() throws Exception {
        startPlain();
        try (TestClient c = loggedInPlain()) {
            c.sendPing(new byte[0]);
            c.sendText("print(3)\r");
            // the first frame after the ping is the REPL echo, not a pong
            TestClient.Frame f = c.readFrame();
            assertEquals(1, f.opcode());
        }
    }

    @Test
    void stalledDeviceHoldsItsAnswerUntilReleased() throws Exception {
        startPlain();
        try (TestClient c = loggedInPlain()) {
            dev.setStalled(true);
            c.sendText("print(9)\r");
            c.socket.setSoTimeout(300);
            assertFalse(c.closedByPeer(), "a stalled device neither answers nor closes");
            assertEquals("", c.pendingText());
            c.socket.setSoTimeout(TestClient.TIMEOUT_MS);
            dev.setStalled(false);
            assertTrue(c.expect(">>> ").contains("9\r\n"));
        }
    }

    /** The device frees its slot when it sees our previous close; connecting earlier is "concurrent". */
    void waitForNoClient() {
        try {
            waitFor(() -> !dev.hasClient());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        for (int i = 0; i < 100 && !cond.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(cond.getAsBoolean());
    }
}
