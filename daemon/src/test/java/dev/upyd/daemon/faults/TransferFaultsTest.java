package dev.upyd.daemon.faults;

import dev.upyd.daemon.api.LocalApiClient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.sim.SimulatedDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link breaks in the middle of a file transfer (RST from the proxy, or a cut after N bytes): the
 * client gets a Result with a non-zero exit code and a message, the file under its real name on the
 * device is never truncated, and the same transfer succeeds once the session is back.
 */
class TransferFaultsTest {
    static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    FaultRig rig;

    @AfterEach
    void tearDown() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void getCutMidStreamFailsClearlyAndARetrySucceeds() throws Exception {
        rig = new FaultRig(tmp);
        SimulatedDevice d = rig.light("g");
        FaultProxy proxy = rig.proxy(d);
        rig.writeGroup(FaultRig.entry("g", proxy.port()));
        rig.startDaemon();
        rig.awaitState("g", "online", 15000);
        byte[] data = random(300_000, 1);
        Files.write(d.deviceDir().resolve("blob.bin"), data);
        try (LocalApiClient cl = rig.client()) {
            proxy.cutAfter(60_000); // both directions together: well inside the 300 kB body
            long t0 = System.nanoTime();
            LocalApiClient.Download broken = cl.get("g", "blob.bin", T);
            long failedAfter = FaultRig.millisSince(t0);
            System.out.println("[measure] GET cut after 60 kB: exit " + broken.exitCode() + " after " + failedAfter
                    + " ms, " + broken.data().length + " bytes delivered; message: " + broken.message());
            assertEquals(3, broken.exitCode(), broken.message());
            assertTrue(broken.message().contains("g"), broken.message());
            assertTrue(broken.data().length < data.length, "a cut transfer cannot have delivered everything");
            assertArrayEquals(data, Files.readAllBytes(d.deviceDir().resolve("blob.bin")), "device file untouched");
            retryGet(cl, "g", data);
        }
    }

    @Test
    void getResetMidStreamFailsClearlyAndARetrySucceeds() throws Exception {
        rig = new FaultRig(tmp);
        SimulatedDevice d = rig.light("r");
        FaultProxy proxy = rig.proxy(d);
        rig.writeGroup(FaultRig.entry("r", proxy.port()));
        rig.startDaemon();
        rig.awaitState("r", "online", 15000);
        byte[] data = random(400_000, 2);
        Files.write(d.deviceDir().resolve("blob.bin"), data);
        try (LocalApiClient cl = rig.client()) {
            proxy.delay(5); // slow enough to reset in the middle
            long from = proxy.bytesFromDevice();
            CompletableFuture<LocalApiClient.Download> get = getInBackground(cl, "r", cl.nextId());
            FaultRig.await("GET under way", 20000, () -> proxy.bytesFromDevice() - from > 50_000);
            proxy.reset();
            LocalApiClient.Download broken = get.get(30, TimeUnit.SECONDS);
            System.out.println("[measure] GET reset mid-stream: exit " + broken.exitCode() + ", "
                    + broken.data().length + " bytes delivered; message: " + broken.message());
            assertEquals(3, broken.exitCode(), broken.message());
            assertFalse(broken.message().isBlank());
            assertArrayEquals(data, Files.readAllBytes(d.deviceDir().resolve("blob.bin")), "device file untouched");
            proxy.pass();
            retryGet(cl, "r", data);
        }
    }

    /**
     * Ctrl-C during a transfer (Cancel): WebREPL's file protocol has no abort, so the daemon cuts the
     * transfer off at once and resets the session instead of letting a large file run to its end; the
     * device file is untouched and the next GET works on the new session.
     */
    @Test
    void cancelCutsOffAGetAndThenAPutAndTheSessionComesBack() throws Exception {
        rig = new FaultRig(tmp);
        SimulatedDevice d = rig.light("k");
        FaultProxy proxy = rig.proxy(d);
        rig.writeGroup(FaultRig.entry("k", proxy.port()));
        rig.startDaemon();
        rig.awaitState("k", "online", 15000);
        byte[] data = random(400_000, 3);
        Files.write(d.deviceDir().resolve("blob.bin"), data);
        try (LocalApiClient cl = rig.client()) {
            proxy.delay(5); // slow enough to cancel in the middle
            long from = proxy.bytesFromDevice();
            int id = cl.nextId();
            CompletableFuture<LocalApiClient.Download> get = getInBackground(cl, "k", id);
            FaultRig.await("GET under way", 20000, () -> proxy.bytesFromDevice() - from > 50_000);
            long t0 = System.nanoTime();
            cl.send(new dev.upyd.protocol.api.Cancel(cl.nextId(), id));
            LocalApiClient.Download cut = get.get(30, TimeUnit.SECONDS);
            long moved = proxy.bytesFromDevice() - from;
            System.out.println("[measure] GET cancelled: exit " + cut.exitCode() + " after " + FaultRig.millisSince(t0)
                    + " ms, " + cut.data().length + " of " + data.length + " bytes delivered, " + moved
                    + " bytes came from the device; message: " + cut.message());
            assertEquals(130, cut.exitCode(), cut.message());
            assertTrue(cut.message().contains("cancelled"), cut.message());
            assertTrue(moved < data.length, "the transfer ran to its end: " + moved + " bytes");
            assertArrayEquals(data, Files.readAllBytes(d.deviceDir().resolve("blob.bin")), "device file untouched");
            proxy.pass();
            retryGet(cl, "k", data);

            // a PUT cancelled while its data goes out: the file under the real name keeps its old content
            proxy.delay(5);
            byte[] bigger = random(600_000, 4);
            long to = proxy.bytesToDevice();
            int put = cl.nextId();
            cl.send(new dev.upyd.protocol.api.PutFile(put, "k", "blob.bin", bigger.length,
                    java.security.MessageDigest.getInstance("SHA-256").digest(bigger)));
            for (int off = 0; off < bigger.length; off += 32768) {
                cl.send(new dev.upyd.protocol.api.Data(put, java.util.Arrays.copyOfRange(bigger, off,
                        Math.min(bigger.length, off + 32768))));
            }
            cl.send(new dev.upyd.protocol.api.Data(put, new byte[0]));
            FaultRig.await("PUT under way", 20000, () -> proxy.bytesToDevice() - to > 50_000);
            cl.send(new dev.upyd.protocol.api.Cancel(cl.nextId(), put));
            LocalApiClient.Outcome putCut = cl.collect(put, T);
            System.out.println("[measure] PUT cancelled: exit " + putCut.exitCode() + ", "
                    + (proxy.bytesToDevice() - to) + " bytes went to the device; message: " + putCut.message());
            assertEquals(130, putCut.exitCode(), putCut.message());
            assertArrayEquals(data, Files.readAllBytes(d.deviceDir().resolve("blob.bin")), "real name untouched");
            proxy.pass();
            // one reconnect per cut-off transfer
            FaultRig.await("the session back after the PUT", 15000, () -> rig.info("k").sessionsOpened() == 3
                    && rig.info("k").state().equals("online"));
            assertEquals(0, cl.exec("k", "print(6*7)", T).exitCode());
            assertEquals(3, rig.info("k").sessionsOpened());
            LocalApiClient.Outcome again = cl.put("k", "blob.bin", bigger, T);
            assertEquals(0, again.exitCode(), again.message());
            assertArrayEquals(bigger, Files.readAllBytes(d.deviceDir().resolve("blob.bin")), "the retried PUT landed");
        }
    }

    /**
     * A board whose flash is FAT refuses to rename over an existing file (EEXIST), where LittleFS replaces it:
     * the PUT then removes the old file and renames, and says nothing about it; a new file needs no fallback.
     */
    @Test
    void putOverAnExistingFileWorksOnAFatFlashToo() throws Exception {
        rig = new FaultRig(tmp);
        SimulatedDevice d = rig.lightPlainFat("f");
        rig.writeGroup(dev.upyd.pki.config.GroupEntry.of("f", "127.0.0.1:" + d.port(), dev.upyd.sim.testkit.SimDevices.PASSWORD));
        rig.startDaemon();
        rig.awaitState("f", "online", 15000);
        Path real = d.deviceDir().resolve("main.py");
        Files.writeString(real, "print('old')\n");
        try (LocalApiClient cl = rig.client()) {
            // the device really is FAT-like: a plain rename over the file fails
            Files.writeString(d.deviceDir().resolve("other.py"), "x = 1\n");
            LocalApiClient.Outcome refused = cl.exec("f", "import os\nos.rename('other.py', 'main.py')", T);
            assertTrue(refused.stderr().contains("EEXIST"), refused.stderr());
            byte[] data = random(5_000, 5);
            LocalApiClient.Outcome put = cl.put("f", "main.py", data, T);
            assertEquals(0, put.exitCode(), put.message());
            assertArrayEquals(data, Files.readAllBytes(real));
            assertFalse(Files.exists(d.deviceDir().resolve(".upyd-put.tmp")), "no temporary file left");
            LocalApiClient.Outcome fresh = cl.put("f", "new.py", data, T);
            assertEquals(0, fresh.exitCode(), fresh.message());
            assertArrayEquals(data, Files.readAllBytes(d.deviceDir().resolve("new.py")));
            assertEquals(1, rig.info("f").sessionsOpened(), "no reconnect: the REPL stayed in step");
        }
    }

    /** Sends a GET of blob.bin as request {@code id} and collects its answer in the background. */
    private static CompletableFuture<LocalApiClient.Download> getInBackground(LocalApiClient cl, String dev, int id)
            throws java.io.IOException {
        cl.send(new dev.upyd.protocol.api.GetFile(id, dev, "blob.bin"));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return cl.download(id, T);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void retryGet(LocalApiClient cl, String dev, byte[] data) throws Exception {
        long t0 = System.nanoTime();
        rig.awaitState(dev, "online", 15000);
        LocalApiClient.Download ok = cl.get(dev, "blob.bin", T);
        System.out.println("[measure] GET retry after the session came back: " + FaultRig.millisSince(t0) + " ms");
        assertEquals(0, ok.exitCode(), ok.message());
        assertArrayEquals(data, ok.data());
        assertEquals(2, rig.info(dev).sessionsOpened(), "exactly one reconnect");
    }

    @Test
    void putCutOrResetMidStreamNeverTruncatesTheRealFile() throws Exception {
        rig = new FaultRig(tmp);
        rig.set("UPYD_LOGIN_TIMEOUT_MS", "15000").set("UPYD_FILE_TIMEOUT_MS", "15000")
                .set("UPYD_LIVENESS_INTERVAL_MS", "5000").set("UPYD_LIVENESS_DEAD_AFTER_MS", "15000");
        SimulatedDevice d = rig.microPython("mp"); // the real interpreter: its os.rename and raw REPL under faults
        FaultProxy proxy = rig.proxy(d);
        rig.writeGroup(FaultRig.entry("mp", proxy.port()));
        rig.startDaemon();
        rig.awaitState("mp", "online", 60000);
        Path real = d.deviceDir().resolve("data.bin");
        byte[] old = "OLD CONTENT\n".getBytes();
        Files.write(real, old);
        byte[] data = random(120_000, 3);
        try (LocalApiClient cl = rig.client()) {
            // 1. cut after a fixed byte count
            proxy.cutAfter(40_000);
            LocalApiClient.Outcome cut = cl.put("mp", "data.bin", data, T);
            System.out.println("[measure] PUT cut after 40 kB: exit " + cut.exitCode() + "; message: " + cut.message());
            assertEquals(3, cut.exitCode(), cut.message());
            assertFalse(cut.message().isBlank());
            assertArrayEquals(old, Files.readAllBytes(real), "real name keeps the old content after a cut PUT");
            rig.awaitState("mp", "online", 60000);

            // 2. RST while the data frames flow
            proxy.delay(3);
            long to = proxy.bytesToDevice();
            CompletableFuture<LocalApiClient.Outcome> put = CompletableFuture.supplyAsync(() -> {
                try {
                    return cl.put("mp", "data.bin", data, T);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            FaultRig.await("PUT under way", 30000, () -> proxy.bytesToDevice() - to > 30_000);
            proxy.reset();
            LocalApiClient.Outcome reset = put.get(60, TimeUnit.SECONDS);
            System.out.println("[measure] PUT reset mid-stream: exit " + reset.exitCode() + "; message: "
                    + reset.message());
            assertNotEquals(0, reset.exitCode(), reset.message());
            assertEquals(3, reset.exitCode(), reset.message());
            assertArrayEquals(old, Files.readAllBytes(real), "real name keeps the old content after a reset PUT");
            proxy.pass();

            // 3. the retry lands the whole file
            long t0 = System.nanoTime();
            rig.awaitState("mp", "online", 60000);
            LocalApiClient.Outcome ok = cl.put("mp", "data.bin", data, T);
            assertEquals(0, ok.exitCode(), ok.message());
            assertArrayEquals(data, Files.readAllBytes(real));
            System.out.println("[measure] PUT retry after reconnect: " + FaultRig.millisSince(t0) + " ms; sessions "
                    + rig.info("mp").sessionsOpened());
            assertEquals(3, rig.info("mp").sessionsOpened());
        }
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
