package dev.upyd.daemon.faults;

import dev.upyd.daemon.api.LocalApiClient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.protocol.api.DeviceList;
import dev.upyd.protocol.api.ListDevices;
import dev.upyd.protocol.api.Message;
import dev.upyd.sim.SimulatedDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon process dies (SIGTERM, then SIGKILL) while a client is attached and a GET is streaming:
 * the client gets an answer or an end-of-stream promptly (never a hang), a new daemon starts on the
 * same socket path, the device comes back, and UPY_G.config and the key files are byte-identical.
 */
class DaemonRestartTest {
    static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path tmp;
    FaultRig rig;
    DaemonProcess proc;

    @AfterEach
    void tearDown() throws Exception {
        if (proc != null) {
            proc.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void sigtermAndSigkillDuringATransfer() throws Exception {
        rig = new FaultRig(tmp);
        rig.set("UPYD_SHUTDOWN_GRACE_MS", "1000");
        SimulatedDevice d = rig.light("t");
        FaultProxy proxy = rig.proxy(d);
        rig.writeGroup(FaultRig.entry("t", proxy.port()));
        byte[] data = TransferFaultsTest.random(600_000, 7);
        Files.write(d.deviceDir().resolve("big.bin"), data);
        Map<Path, byte[]> homeBefore = snapshot(rig.home);
        Path log = tmp.resolve("daemon.log");

        // SIGTERM: graceful; the transfer outlives the 1 s grace, so it must be ended with a Result
        proc = DaemonProcess.start(rig, log, Map.of());
        try (LocalApiClient cl = LocalApiClient.connect(rig.socket)) {
            awaitOnline(cl, "t");
            proxy.delay(10); // a slow link: the GET is still running when the signal arrives
            CompletableFuture<LocalApiClient.Download> get = startGet(cl, proxy);
            long t0 = System.nanoTime();
            proc.process.destroy();
            LocalApiClient.Download o = get.get(20, TimeUnit.SECONDS);
            long answered = FaultRig.millisSince(t0);
            System.out.println("[measure] SIGTERM during a GET: client answered after " + answered + " ms: exit "
                    + o.exitCode() + " (" + o.message() + "), " + o.data().length + " of " + data.length + " bytes");
            assertTrue(proc.process.waitFor(20, TimeUnit.SECONDS), "daemon did not exit after SIGTERM");
            assertEquals(143, proc.process.exitValue());
            assertTrue(o.exitCode() != 0 || java.util.Arrays.equals(data, o.data()), "a success must be complete");
            assertTrue(o.exitCode() != LocalApiClient.CONNECTION_LOST,
                    "a graceful stop must end the running request with a Result, not a bare close");
            assertFalse(o.message().isBlank());
        }
        proxy.pass();
        restartAndCheck(log, data);

        // SIGKILL: no goodbye; the client must see the end of the stream at once
        try (LocalApiClient cl = LocalApiClient.connect(rig.socket)) {
            proxy.delay(10);
            CompletableFuture<LocalApiClient.Download> get = startGet(cl, proxy);
            long t0 = System.nanoTime();
            proc.process.destroyForcibly();
            LocalApiClient.Download o = get.get(10, TimeUnit.SECONDS);
            long answered = FaultRig.millisSince(t0);
            System.out.println("[measure] SIGKILL during a GET: client saw " + o.exitCode() + " after " + answered
                    + " ms: " + o.message());
            assertEquals(LocalApiClient.CONNECTION_LOST, o.exitCode(), o.message());
            assertTrue(answered < 3000, "the client noticed the dead daemon only after " + answered + " ms");
            assertTrue(proc.process.waitFor(10, TimeUnit.SECONDS));
        }
        proxy.pass();
        assertTrue(Files.exists(rig.socket), "SIGKILL leaves the socket file behind (the next start must cope)");
        restartAndCheck(log, data);
        proc.process.destroy();
        assertTrue(proc.process.waitFor(20, TimeUnit.SECONDS));

        Map<Path, byte[]> homeAfter = snapshot(rig.home);
        assertEquals(homeBefore.keySet(), homeAfter.keySet(), "files appeared or vanished in UPYD_HOME");
        for (Map.Entry<Path, byte[]> e : homeBefore.entrySet()) {
            assertArrayEquals(e.getValue(), homeAfter.get(e.getKey()), e.getKey() + " changed");
        }
        assertArrayEquals(data, Files.readAllBytes(d.deviceDir().resolve("big.bin")));
    }

    private void restartAndCheck(Path log, byte[] data) throws Exception {
        long t0 = System.nanoTime();
        proc = DaemonProcess.start(rig, log, Map.of());
        try (LocalApiClient cl = LocalApiClient.connect(rig.socket)) {
            awaitOnline(cl, "t");
            System.out.println("[measure] restarted daemon: device online " + FaultRig.millisSince(t0)
                    + " ms after the process start");
            assertEquals("6\r\n", cl.exec("t", "print(2*3)", T).stdout());
            LocalApiClient.Download ok = cl.get("t", "big.bin", T);
            assertEquals(0, ok.exitCode(), ok.message());
            assertArrayEquals(data, ok.data());
        }
    }

    private static CompletableFuture<LocalApiClient.Download> startGet(LocalApiClient cl, FaultProxy proxy) throws Exception {
        long from = proxy.bytesFromDevice();
        CompletableFuture<LocalApiClient.Download> get = CompletableFuture.supplyAsync(() -> {
            try {
                return cl.get("t", "big.bin", Duration.ofSeconds(60));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        FaultRig.await("GET under way", 20000, () -> proxy.bytesFromDevice() - from > 30_000);
        assertFalse(get.isDone(), "the GET finished before the fault: slow the proxy down");
        return get;
    }

    static void awaitOnline(LocalApiClient cl, String name) throws InterruptedException {
        awaitOnline(cl, name, 20000);
    }

    static void awaitOnline(LocalApiClient cl, String name, long ms) throws InterruptedException {
        FaultRig.await(name + " online", ms, () -> {
            try {
                int id = cl.nextId();
                cl.send(new ListDevices(id));
                Message m = cl.reply(id, T);
                return m instanceof DeviceList l && l.devices().stream()
                        .anyMatch(i -> i.name().equals(name) && i.state().equals("online"));
            } catch (Exception e) {
                return false;
            }
        });
    }

    static Map<Path, byte[]> snapshot(Path home) throws Exception {
        Map<Path, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(home)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                m.put(home.relativize(p), Files.readAllBytes(p));
            }
        }
        return m;
    }
}
