package dev.upyd.daemon.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.daemon.api.LocalApiClient;
import dev.upyd.protocol.api.Attach;
import dev.upyd.protocol.api.Cancel;
import dev.upyd.protocol.api.Detach;
import dev.upyd.protocol.api.Exec;
import dev.upyd.protocol.api.Input;
import dev.upyd.protocol.api.Result;
import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.hostile.HostileMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Endless output (issue #9): the daemon runs as its own JVM with a 64 MiB heap and 64 MiB of direct
 * memory (and exits on OutOfMemoryError), so surviving a flood far larger than that proves that it
 * streams with bounded buffering. Ctrl-C (Cancel) must end the exec, also when the device ignores it;
 * a client that stops reading is dropped (DaemonSettings api.client.max.unread.bytes, 32 MiB) instead of buffered.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileFloodTest {
    static final long FLOOD = 50L << 20;

    @TempDir
    Path tmp;
    HostileRig rig;

    @AfterEach
    void tearDown() throws Exception {
        if (rig != null) {
            rig.close();
            String log = rig.log();
            System.out.println("[hostile] daemon log (tail):\n" + log.substring(Math.max(0, log.length() - 4000)));
        }
    }

    private SimulatedDevice start() throws Exception {
        rig = new HostileRig(tmp);
        return rig.startEvilBesideGood(true);
    }

    @Test
    void fiftyMegabytesStreamThroughASmallHeapAndCtrlCEndsTheFlood() throws Exception {
        SimulatedDevice evil = start();
        try (LocalApiClient cl = rig.client(); RawApiClient raw = new RawApiClient(rig.socket, 256)) {
            rig.awaitOnline(cl, "evil");
            evil.hostile().set(HostileMode.FLOOD);
            raw.hello();
            raw.send(new Exec(2, "evil", "while True: print('x')".getBytes(StandardCharsets.UTF_8), 0));
            long t0 = System.nanoTime();
            assertTrue(raw.readOutputUntil(FLOOD), "the flood ended early after " + raw.outputBytes + " bytes");
            long ms = (System.nanoTime() - t0) / 1_000_000L;
            System.out.println("[hostile] flood: " + raw.outputBytes + " bytes to the client in " + ms
                    + " ms; daemon RSS " + rig.rssKb() + " kB (-Xmx64m)");
            assertTrue(new String(raw.kept(), StandardCharsets.US_ASCII).startsWith("flood 0123"));
            raw.send(new Cancel(3, 2));
            Result r = raw.result();
            assertNotNull(r, "no Result after Cancel");
            assertEquals(130, r.exitCode(), r.message());
            assertTrue(rig.process.isAlive(), rig.log());
            rig.assertHealthyAndRecovers(cl, evil);
        }
    }

    @Test
    void aFloodThatIgnoresCtrlCIsEndedBySessionReset() throws Exception {
        SimulatedDevice evil = start();
        try (LocalApiClient cl = rig.client(); RawApiClient raw = new RawApiClient(rig.socket, 256)) {
            rig.awaitOnline(cl, "evil");
            evil.hostile().set(HostileMode.FLOOD_NO_END);
            raw.hello();
            raw.send(new Exec(2, "evil", "while True: print('x')".getBytes(StandardCharsets.UTF_8), 0));
            assertTrue(raw.readOutputUntil(8L << 20), "the flood ended early after " + raw.outputBytes + " bytes");
            long t0 = System.nanoTime();
            raw.send(new Cancel(3, 2));
            Result r = raw.result();
            long ms = (System.nanoTime() - t0) / 1_000_000L;
            assertNotNull(r, "no Result after Cancel");
            System.out.println("[hostile] flood ignoring Ctrl-C: Result " + r.exitCode() + " after " + ms + " ms: "
                    + r.message());
            assertEquals(130, r.exitCode(), r.message());
            assertTrue(r.message().contains("session reset"), r.message());
            assertTrue(rig.process.isAlive(), rig.log());
            rig.assertHealthyAndRecovers(cl, evil);
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedNotBuffered() throws Exception {
        SimulatedDevice evil = start();
        try (LocalApiClient cl = rig.client(); RawApiClient raw = new RawApiClient(rig.socket, 0)) {
            rig.awaitOnline(cl, "evil");
            evil.hostile().set(HostileMode.FLOOD_NO_END);
            raw.hello();
            raw.send(new Exec(2, "evil", "while True: print('x')".getBytes(StandardCharsets.UTF_8), 0));
            // never read: the daemon pauses the device link at 1 MiB unread (backpressure), gives up on us
            // after 10 s and interrupts the exec; this device ignores Ctrl-C, so the session is reset
            long stalledAt = awaitFloodStalled(evil);
            System.out.println("[hostile] client not reading: flood paused after " + stalledAt + " bytes; daemon RSS "
                    + rig.rssKb() + " kB (-Xmx64m)");
            assertTrue(stalledAt < (24L << 20), "backpressure should hold the device long before 32 MiB: " + stalledAt);
            HostileRig.await("the session reset after the give-up", 30000, () -> logText().contains("REPL state unknown after exec"));
            assertTrue(rig.process.isAlive(), rig.log());
            assertFalse(rig.log().contains("OutOfMemoryError"), rig.log());
            rig.assertHealthyAndRecovers(cl, evil);
        }
    }

    /**
     * The shell's REPL mode (attach) under a flood: while the client does not read, backpressure holds the
     * device (its output stops growing, a bounded amount is in flight) and the client is neither dropped nor
     * buffered for; reading again lets the flood flow, Ctrl-C typed into the REPL ends it, detach works.
     */
    @Test
    void anAttachedShellThatStopsReadingHoldsTheDeviceNotTheDaemonsMemory() throws Exception {
        SimulatedDevice evil = start();
        try (LocalApiClient cl = rig.client(); RawApiClient raw = new RawApiClient(rig.socket, 0)) {
            rig.awaitOnline(cl, "evil");
            evil.hostile().set(HostileMode.FLOOD);
            raw.hello();
            raw.send(new Attach(2, "evil"));
            raw.send(new Input(2, "flood\r".getBytes(StandardCharsets.US_ASCII)));
            assertTrue(raw.readOutputUntil(4L << 20), "the flood ended early after " + raw.outputBytes + " bytes");
            // now the client stops reading
            long stalledAt = awaitFloodStalled(evil);
            long inFlight = stalledAt - raw.outputBytes;
            sleep(3000);
            System.out.println("[hostile] attached client not reading: flood paused at " + stalledAt + " bytes, "
                    + inFlight + " of them not yet read; daemon RSS " + rig.rssKb() + " kB (-Xmx64m)");
            assertEquals(stalledAt, evil.hostile().floodBytes(), "the device kept producing while nobody read");
            assertTrue(inFlight < (24L << 20), "backpressure should hold the device long before 32 MiB: " + inFlight);
            assertTrue(rig.process.isAlive(), rig.log());
            // reading again: the flood flows again, on the same attach
            assertTrue(raw.readOutputUntil(stalledAt + (8L << 20)), "no flood after reading again: " + raw.outputBytes);
            raw.send(new Input(2, new byte[] {3}));
            raw.send(new Detach(2));
            Result r = raw.result();
            assertNotNull(r, "no Result after Ctrl-C and Detach");
            assertEquals(0, r.exitCode(), r.message());
            assertTrue(r.message().startsWith("detached"), r.message());
            rig.assertHealthyAndRecovers(cl, evil);
        }
    }

    /** Waits until the device's flood stops growing (backpressure holds it); returns the bytes it produced. */
    private static long awaitFloodStalled(SimulatedDevice evil) throws InterruptedException {
        HostileRig.await("the flood to stall", 30000, () -> {
            long before = evil.hostile().floodBytes();
            sleep(500);
            return before > 0 && evil.hostile().floodBytes() == before;
        });
        return evil.hostile().floodBytes();
    }

    private String logText() {
        try {
            return rig.log();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
