package dev.upyd.daemon;

import dev.upyd.daemon.api.LocalApiClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.daemon.device.DeviceSession;
import dev.upyd.pki.TlsMaterial;
import dev.upyd.protocol.api.Attach;
import dev.upyd.protocol.api.Detach;
import dev.upyd.protocol.api.DeviceInfo;
import dev.upyd.protocol.api.DeviceList;
import dev.upyd.protocol.api.Input;
import dev.upyd.protocol.api.ListDevices;
import dev.upyd.protocol.api.Message;
import dev.upyd.protocol.api.Output;
import dev.upyd.protocol.api.Result;
import dev.upyd.sim.SimulatedDevice;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon against simulated devices: real TLS, real sockets, the real local API. */
class SessionsTest {
    static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path tmp;
    Fleet fleet;
    DaemonFixture fx;

    @AfterEach
    void tearDown() {
        if (fx != null) {
            fx.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    private DaemonFixture daemon() throws Exception {
        fx = new DaemonFixture(fleet.home, tmp.resolve("run"));
        fx.start();
        return fx;
    }

    private DeviceSession session(String name) {
        return fx.daemon.session(name).orElseThrow();
    }

    private void awaitState(String name, String state, long ms) throws InterruptedException {
        DaemonFixture.await(name + " " + state, ms, () -> fx.daemon.session(name)
                .map(s -> s.info().state().equals(state)).orElse(false));
    }

    @Test
    void threeDevicesComeOnlineAndExecRuns() throws Exception {
        fleet = new Fleet(tmp);
        SimulatedDevice a = fleet.startTls("a");
        SimulatedDevice b = fleet.startTls("b");
        SimulatedDevice c = fleet.startTls("c");
        fleet.writeGroup(Fleet.tlsEntry("a", a), Fleet.tlsEntry("b", b), Fleet.tlsEntry("c", c));
        daemon();
        for (String n : List.of("a", "b", "c")) {
            awaitState(n, "online", 15000);
        }
        try (LocalApiClient cl = fx.client()) {
            int id = cl.nextId();
            cl.send(new ListDevices(id));
            DeviceList l = assertInstanceOf(DeviceList.class, cl.next(id, T));
            assertEquals(List.of("a", "b", "c"), l.devices().stream().map(DeviceInfo::name).toList());
            for (DeviceInfo i : l.devices()) {
                assertEquals("online", i.state());
                assertEquals("TLSv1.2", i.tlsProtocol());
                assertTrue(TlsMaterial.CIPHER_SUITES.contains(i.cipherSuite()), i.cipherSuite());
                assertTrue(i.onlineSinceMillis() > 0);
            }
            DaemonFixture.await("firmware from GET_VER", 5000, () -> !session("b").info().firmware().isEmpty());
            assertEquals("1.27.0", session("b").info().firmware());
            LocalApiClient.Outcome o = cl.exec("b", "print(6*7)", T);
            assertEquals(0, o.exitCode(), o.message());
            assertEquals("42\r\n", o.stdout());
            LocalApiClient.Outcome err = cl.exec("c", "print(undefined_name)", T);
            assertEquals(1, err.exitCode());
            assertTrue(err.stderr().contains("NameError"), err.stderr());
            assertTrue(err.message().contains("NameError"), err.message());
            // a big script goes through raw-paste flow control intact
            StringBuilder big = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                big.append("x").append(i).append(" = ").append(i).append("\n");
            }
            big.append("print(x299 + x1)\n");
            LocalApiClient.Outcome bo = cl.exec("a", big.toString(), T);
            assertEquals("300\r\n", bo.stdout(), bo.stderr());
        }
        for (SimulatedDevice d : List.of(a, b, c)) {
            assertEquals(1, d.stats().tlsHandshakesCompleted(), d.stats().toString());
        }
    }

    @Test
    void twoHundredExecsFromFourClientsShareOneTlsSession() throws Exception {
        fleet = new Fleet(tmp);
        SimulatedDevice d = fleet.startTls("d");
        fleet.writeGroup(Fleet.tlsEntry("d", d));
        daemon();
        awaitState("d", "online", 15000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int c = 0; c < 4; c++) {
                int client = c;
                done.add(pool.submit((Callable<Integer>) () -> {
                    int ok = 0;
                    try (LocalApiClient cl = fx.client()) {
                        for (int i = 0; i < 50; i++) {
                            int x = client * 1000 + i;
                            LocalApiClient.Outcome o = cl.exec("d", "print(" + x + " * 3 + 1)", T);
                            assertEquals(0, o.exitCode(), o.message());
                            assertEquals((x * 3 + 1) + "\r\n", o.stdout());
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get(120, TimeUnit.SECONDS);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, total);
            System.out.println("[measure] 200 execs from 4 clients: " + ms + " ms; TLS handshakes at the device: "
                    + d.stats().tlsHandshakesCompleted() + "; logins: " + d.stats().loginsOk());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, d.stats().tlsHandshakesCompleted(), d.stats().toString());
        assertEquals(1, d.stats().loginsOk(), d.stats().toString());
        assertEquals(1, session("d").info().sessionsOpened());
    }

    @Test
    void killedDeviceComesBackWithinTheBackoffBound() throws Exception {
        fleet = new Fleet(tmp);
        SimulatedDevice d = fleet.startTls("k");
        int port = d.port();
        fleet.writeGroup(Fleet.tlsEntry("k", d));
        daemon();
        awaitState("k", "online", 15000);
        d.stop();
        DaemonFixture.await("k not online", 10000, () -> !session("k").info().state().equals("online"));
        Thread.sleep(2500); // several failed attempts: the backoff has grown to its cap (800 ms)
        long attemptsWhileDown = session("k").info().attempts();
        SimulatedDevice again = fleet.startTlsOnPort("k", port);
        long t0 = System.nanoTime();
        awaitState("k", "online", 10000);
        long back = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[measure] device restarted: session back after " + back + " ms (backoff cap 800 ms); "
                + "attempts while down: " + attemptsWhileDown);
        assertTrue(back <= 800 + 3000, "back after " + back + " ms");
        assertTrue(attemptsWhileDown >= 3 && attemptsWhileDown <= 12, "attempts " + attemptsWhileDown);
        try (LocalApiClient cl = fx.client()) {
            assertEquals("7\r\n", cl.exec("k", "print(3+4)", T).stdout());
        }
        assertEquals(1, again.stats().tlsHandshakesCompleted());
    }

    @Test
    void resetsAreSurvived() throws Exception {
        fleet = new Fleet(tmp);
        SimulatedDevice d = fleet.startTls("r");
        fleet.writeGroup(Fleet.tlsEntry("r", d));
        daemon();
        awaitState("r", "online", 15000);
        try (LocalApiClient cl = fx.client()) {
            // a reset the daemon triggered itself: fast retries
            long t0 = System.nanoTime();
            LocalApiClient.Outcome o = cl.exec("r", "import machine\nmachine.soft_reset()", T);
            assertEquals(3, o.exitCode(), o.message());
            DaemonFixture.await("r reconnected", 10000, () -> session("r").info().sessionsOpened() == 2
                    && session("r").info().state().equals("online"));
            System.out.println("[measure] soft reset by our own command: online again after "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms (device reboot delay 200 ms)");
            assertEquals("2\r\n", cl.exec("r", "print(1+1)", T).stdout());
            // a reset from outside (hard reset): normal reconnect
            t0 = System.nanoTime();
            d.restart();
            DaemonFixture.await("r reconnected after hard reset", 10000, () -> session("r").info().sessionsOpened() == 3
                    && session("r").info().state().equals("online"));
            System.out.println("[measure] hard reset from outside: online again after "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertEquals("3\r\n", cl.exec("r", "print(1+2)", T).stdout());
            // the network drops (no reset)
            d.dropClient();
            DaemonFixture.await("r reconnected after drop", 10000, () -> session("r").info().sessionsOpened() == 4
                    && session("r").info().state().equals("online"));
            assertEquals("4\r\n", cl.exec("r", "print(2+2)", T).stdout());
        }
    }

    @Test
    void wrongPasswordIsAuthFailedWithoutAStorm() throws Exception {
        fleet = new Fleet(tmp);
        SimulatedDevice d = fleet.startTls("w");
        fleet.writeGroup(dev.upyd.pki.config.GroupEntry.of("w", "127.0.0.1:" + d.port(), "wrongpw:" + Fleet.HOST_PASSPHRASE));
        daemon();
        awaitState("w", "auth-failed", 15000);
        DeviceSession.Info i = session("w").info();
        assertTrue(i.lastError().contains("Access denied"), i.lastError());
        assertTrue(i.nextRetryAtMillis() > System.currentTimeMillis());
        Thread.sleep(3000); // auth retry interval is 2 s: at most one more attempt
        long attempts = session("w").info().attempts();
        System.out.println("[measure] wrong password: " + attempts + " attempts in ~3 s (auth retry 2 s); device saw "
                + d.stats().loginsDenied() + " denied logins");
        assertTrue(attempts >= 1 && attempts <= 3, "attempts " + attempts);
        assertEquals(attempts, d.stats().loginsDenied());
        try (LocalApiClient cl = fx.client()) {
            LocalApiClient.Outcome o = cl.exec("w", "print(1)", T);
            assertEquals(4, o.exitCode(), o.message());
            assertTrue(o.message().contains("auth-failed"), o.message());
        }
    }

    @Test
    void hostCertificateFromAForeignCaIsAuthFailed() throws Exception {
        fleet = new Fleet(tmp);
        SimulatedDevice d = fleet.startTls("f");
        fleet.writeHostFiles(dev.upyd.sim.testkit.TestPki.create("foreign CA"), Fleet.HOST_PASSPHRASE);
        fleet.writeGroup(Fleet.tlsEntry("f", d));
        daemon();
        awaitState("f", "auth-failed", 15000);
        String why = session("f").info().lastError();
        // the host certificate is sent although the device names another CA, so the device itself says why
        assertTrue(why.contains("rejected our host certificate") && why.contains("certificate_unknown"), why);
        Thread.sleep(3000);
        long attempts = session("f").info().attempts();
        System.out.println("[measure] foreign-CA host certificate: " + attempts + " attempts in ~3 s; device: "
                + d.stats().tlsHandshakesFailed() + " failed handshakes; reason: " + why);
        assertTrue(attempts <= 3, "attempts " + attempts);
        assertEquals(0, d.stats().loginsOk());
    }

    @Test
    void deviceCertificateFromAForeignCaIsAuthFailed() throws Exception {
        fleet = new Fleet(tmp);
        SimulatedDevice d = fleet.startTls("g");
        // our trust anchor becomes another CA: the device's certificate no longer leads to it
        dev.upyd.sim.testkit.TestPki other = dev.upyd.sim.testkit.TestPki.create("other CA");
        other.writeCaPem(fleet.home.resolve("ROOT_CA_cert.pem"));
        fleet.writeGroup(Fleet.tlsEntry("g", d));
        daemon();
        awaitState("g", "auth-failed", 15000);
        String why = session("g").info().lastError();
        assertTrue(why.contains("certificate"), why);
        assertEquals(0, d.stats().loginsOk());
    }

    @Test
    void stalledDeviceIsDetectedByTheLivenessProbe() throws Exception {
        fleet = new Fleet(tmp);
        SimulatedDevice d = fleet.startTls("s");
        fleet.writeGroup(Fleet.tlsEntry("s", d));
        daemon();
        awaitState("s", "online", 15000);
        long t0 = System.nanoTime();
        d.setStalled(true);
        DaemonFixture.await("s declared dead", 10000, () -> !session("s").info().state().equals("online"));
        long detected = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[measure] stalled device detected after " + detected
                + " ms (probe after 500 ms idle, dead after 1500 ms); reason: " + session("s").info().lastError());
        assertTrue(detected >= 1500, "too early: " + detected);
        d.setStalled(false);
        awaitState("s", "online", 15000);
        try (LocalApiClient cl = fx.client()) {
            assertEquals("5\r\n", cl.exec("s", "print(10//2)", T).stdout());
        }
    }

    @Test
    void clientVanishingMidCommandLeavesTheDeviceUsable() throws Exception {
        fleet = new Fleet(tmp);
        SimulatedDevice d = fleet.startTls("v");
        fleet.writeGroup(Fleet.tlsEntry("v", d));
        daemon();
        awaitState("v", "online", 15000);
        try (LocalApiClient cl = fx.client()) {
            int id = cl.nextId();
            cl.send(new dev.upyd.protocol.api.Exec(id, "v",
                    "import time\nprint('start')\nwhile True:\n    time.sleep(0.05)\n".getBytes(StandardCharsets.UTF_8), 0));
            Message m = cl.next(id, T);
            assertInstanceOf(Output.class, m);
        } // closed mid-command
        try (LocalApiClient cl = fx.client()) {
            LocalApiClient.Outcome o = cl.exec("v", "print(8*8)", T);
            assertEquals("64\r\n", o.stdout(), o.stderr());
        }
        assertEquals(1, d.stats().tlsHandshakesCompleted(), "recovered by Ctrl-C, not by reconnecting");
    }

    @Test
    void cancelInterruptsAndBusyLoopResetsTheSession() throws Exception {
        fleet = new Fleet(tmp);
        SimulatedDevice d = fleet.startTls("x");
        fleet.writeGroup(Fleet.tlsEntry("x", d));
        daemon();
        awaitState("x", "online", 15000);
        try (LocalApiClient cl = fx.client()) {
            int id = cl.nextId();
            cl.send(new dev.upyd.protocol.api.Exec(id, "x",
                    "import time\nwhile True:\n    time.sleep(0.05)\n".getBytes(StandardCharsets.UTF_8), 0));
            Thread.sleep(300);
            cl.send(new dev.upyd.protocol.api.Cancel(cl.nextId(), id));
            LocalApiClient.Outcome o = cl.collect(id, T);
            assertEquals(130, o.exitCode(), o.message());
            assertTrue(o.stderr().contains("KeyboardInterrupt"), o.stderr());
            assertEquals("1\r\n", cl.exec("x", "print(1)", T).stdout());
        }
    }

    @Test
    void getWithPipelinedPullsAndErrorsThatWouldDropASession() throws Exception {
        // PUT needs os.rename on the device, which the light backend lacks: PUT round trips run in
        // MicroPythonEndToEndTest against the real interpreter
        fleet = new Fleet(tmp);
        SimulatedDevice d = fleet.startTls("p");
        fleet.writeGroup(Fleet.tlsEntry("p", d));
        daemon();
        awaitState("p", "online", 15000);
        byte[] data = new byte[100_000];
        new Random(5).nextBytes(data);
        java.nio.file.Files.write(d.deviceDir().resolve("blob.bin"), data);
        byte[] exact = new byte[512];
        new Random(2).nextBytes(exact);
        java.nio.file.Files.write(d.deviceDir().resolve("exact.bin"), exact);
        java.nio.file.Files.write(d.deviceDir().resolve("empty.txt"), new byte[0]);
        java.nio.file.Files.createDirectories(d.deviceDir().resolve("lib"));
        try (LocalApiClient cl = fx.client()) {
            long t0 = System.nanoTime();
            LocalApiClient.Download got = cl.get("p", "blob.bin", T);
            long getMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, got.exitCode(), got.message());
            assertEquals(data.length, got.announced());
            assertTrue(java.util.Arrays.equals(data, got.data()));
            assertEquals(sha256Hex(data), got.message(), "the result carries the SHA-256");
            System.out.println("[measure] 100 kB get (pipelined pulls, light sim, TLS): " + getMs + " ms");
            assertTrue(java.util.Arrays.equals(exact, cl.get("p", "exact.bin", T).data()), "size = 2 chunks");
            LocalApiClient.Download e = cl.get("p", "empty.txt", T);
            assertEquals(0, e.exitCode(), e.message());
            assertEquals(0, e.data().length);
            LocalApiClient.Download missing = cl.get("p", "missing.txt", T);
            assertEquals(2, missing.exitCode(), missing.message());
            assertTrue(missing.message().contains("no such file"), missing.message());
            LocalApiClient.Download dir = cl.get("p", "lib", T);
            assertEquals(2, dir.exitCode(), dir.message());
            LocalApiClient.Outcome noDir = cl.put("p", "nodir/m.py", new byte[3], T);
            assertEquals(2, noDir.exitCode(), noDir.message());
            assertTrue(noDir.message().contains("no such directory"), noDir.message());
            assertEquals("1\r\n", cl.exec("p", "print(1)", T).stdout());
        }
        assertEquals(1, d.stats().tlsHandshakesCompleted(), "no file error cost a reconnect");
    }

    static String sha256Hex(byte[] b) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (byte x : java.security.MessageDigest.getInstance("SHA-256").digest(b)) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    @Test
    void attachedShellHoldsTheReplUntilDetach() throws Exception {
        fleet = new Fleet(tmp);
        SimulatedDevice d = fleet.startTls("h");
        fleet.writeGroup(Fleet.tlsEntry("h", d));
        daemon();
        awaitState("h", "online", 15000);
        try (LocalApiClient shell = fx.client(); LocalApiClient other = fx.client()) {
            int id = shell.nextId();
            shell.send(new Attach(id, "h"));
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            readUntil(shell, id, seen, ">>> ");
            // another client's command waits for the shell to leave
            int ex = other.nextId();
            other.send(new dev.upyd.protocol.api.Exec(ex, "h", "print(5)".getBytes(StandardCharsets.UTF_8), 0));
            shell.send(new Input(id, "print(6*7)\r".getBytes(StandardCharsets.UTF_8)));
            readUntil(shell, id, seen, "42");
            assertTrue(other.queue(ex).isEmpty(), "exec ran while the shell held the REPL");
            shell.send(new Detach(id));
            Message m;
            do {
                m = shell.next(id, T);
            } while (!(m instanceof Result));
            assertEquals(0, ((Result) m).exitCode());
            LocalApiClient.Outcome o = other.collect(ex, T);
            assertEquals("5\r\n", o.stdout());
        }
    }

    private static void readUntil(LocalApiClient c, int id, ByteArrayOutputStream seen, String marker) throws Exception {
        long deadline = System.nanoTime() + T.toNanos();
        while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
            Message m = c.next(id, Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            if (m instanceof Output o) {
                seen.writeBytes(o.data());
            } else {
                throw new AssertionError("unexpected " + m + " after " + seen);
            }
        }
    }

    @Test
    void configChangesArePickedUpWithoutARestart() throws Exception {
        fleet = new Fleet(tmp);
        SimulatedDevice a = fleet.startTls("a");
        SimulatedDevice b = fleet.startPlain("b");
        fleet.writeGroup(Fleet.tlsEntry("a", a));
        daemon();
        awaitState("a", "online", 15000);
        // add a plain ws device (no passphrase: upydev's rule says ws)
        fleet.writeGroup(Fleet.tlsEntry("a", a), dev.upyd.pki.config.GroupEntry.of("b", "127.0.0.1:" + b.port(), "testpass"));
        awaitState("b", "online", 15000);
        assertEquals("", session("b").info().tlsProtocol());
        try (LocalApiClient cl = fx.client()) {
            assertEquals("9\r\n", cl.exec("b", "print(3*3)", T).stdout());
        }
        // a corrupt edit keeps both
        java.nio.file.Files.writeString(dev.upyd.pki.config.GroupConfig.fileIn(fleet.home), "{\"a\": [");
        Thread.sleep(600);
        assertEquals(2, fx.daemon.sessions().size());
        // removing a keeps b, without touching b's session
        fleet.writeGroup(dev.upyd.pki.config.GroupEntry.of("b", "127.0.0.1:" + b.port(), "testpass"));
        DaemonFixture.await("a removed", 5000, () -> fx.daemon.session("a").isEmpty());
        assertEquals(1, session("b").info().sessionsOpened());
        DaemonFixture.await("a's connection closed", 5000, () -> !a.hasClient());
    }

    @Test
    void unlockOverTheSocketOpensTheHostKeyAndLockForgetsIt() throws Exception {
        fleet = new Fleet(tmp);
        SimulatedDevice d = fleet.startTls("u");
        // the entry's passphrase is wrong: the daemon waits for `upyd unlock`
        fleet.writeGroup(dev.upyd.pki.config.GroupEntry.of("u", "127.0.0.1:" + d.port(), "testpass:not-the-one"));
        daemon();
        awaitState("u", "locked", 15000);
        assertTrue(session("u").info().lastError().contains("wrong passphrase"), session("u").info().lastError());
        assertTrue(!session("u").info().lastError().contains("not-the-one"));
        try (LocalApiClient cl = fx.client()) {
            int bad = cl.nextId();
            cl.send(new dev.upyd.protocol.api.Unlock(bad, "guess".toCharArray()));
            Result r = assertInstanceOf(Result.class, cl.next(bad, T));
            assertEquals(4, r.exitCode());
            assertTrue(!r.message().contains("guess"), r.message());
            int good = cl.nextId();
            cl.send(new dev.upyd.protocol.api.Unlock(good, Fleet.HOST_PASSPHRASE.toCharArray()));
            assertEquals(0, assertInstanceOf(Result.class, cl.next(good, T)).exitCode());
            awaitState("u", "online", 10000); // woken at once, not at the next slow retry
            assertEquals("6\r\n", cl.exec("u", "print(2*3)", T).stdout());
            int lock = cl.nextId();
            cl.send(new dev.upyd.protocol.api.Lock(lock));
            assertEquals(0, assertInstanceOf(Result.class, cl.next(lock, T)).exitCode());
            assertEquals("online", session("u").info().state(), "lock keeps live sessions");
            d.dropClient();
            awaitState("u", "locked", 10000);
        }
    }

    @Test
    void friendlyModePrintsExpressionValuesLikeUpydev() throws Exception {
        fleet = new Fleet(tmp);
        SimulatedDevice d = fleet.startTls("fr");
        fleet.writeGroup(Fleet.tlsEntry("fr", d));
        daemon();
        awaitState("fr", "online", 15000);
        try (LocalApiClient cl = fx.client()) {
            LocalApiClient.Outcome o = friendly(cl, "fr", "6*7", true);
            assertEquals(0, o.exitCode(), o.message() + o.stderr());
            assertEquals("42\n", o.stdout());
            LocalApiClient.Outcome withEcho = friendly(cl, "fr", "x = 5; x + 1", false);
            assertEquals("x = 5; x + 1\n6\n", withEcho.stdout());
            LocalApiClient.Outcome err = friendly(cl, "fr", "1/0", true);
            assertEquals(1, err.exitCode());
            assertTrue(err.stderr().startsWith("Traceback (most recent call last):"), err.stderr());
            assertTrue(err.message().contains("ZeroDivisionError"), err.message());
            LocalApiClient.Outcome multi = friendly(cl, "fr", "a=1\nb=2", true);
            assertEquals(2, multi.exitCode(), multi.message());
            // back in the raw REPL for the next command
            assertEquals("3\r\n", cl.exec("fr", "print(1+2)", T).stdout());
        }
        assertEquals(1, d.stats().tlsHandshakesCompleted());
    }

    private static LocalApiClient.Outcome friendly(LocalApiClient cl, String device, String code, boolean echoOff) throws Exception {
        int id = cl.nextId();
        int flags = dev.upyd.protocol.api.Exec.FLAG_FRIENDLY | (echoOff ? dev.upyd.protocol.api.Exec.FLAG_ECHO_OFF : 0);
        cl.send(new dev.upyd.protocol.api.Exec(id, device, code.getBytes(StandardCharsets.UTF_8), flags));
        return cl.collect(id, T);
    }
}
