package dev.upyd.daemon.faults;

import dev.upyd.daemon.api.LocalApiClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.protocol.api.Cancel;
import dev.upyd.protocol.api.Exec;
import dev.upyd.sim.SimulatedDevice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The network goes silent with the connection left open (no FIN, no RST): only the GET_VER liveness
 * probe can notice. Settings: probe after 500 ms idle, dead 1500 ms after an unanswered probe.
 */
class StallTest {
    static final Duration T = Duration.ofSeconds(20);
    static final long INTERVAL = 500;
    static final long DEAD_AFTER = 1500;

    @TempDir
    Path tmp;
    FaultRig rig;

    @AfterEach
    void tearDown() {
        if (rig != null) {
            rig.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = FaultProxy.Mode.class, names = {"STALL", "DROP"})
    void silentLinkIsDetectedWithinTheProbeBoundAndTheSessionComesBack(FaultProxy.Mode mode) throws Exception {
        rig = new FaultRig(tmp);
        SimulatedDevice d = rig.light("s");
        FaultProxy proxy = rig.proxy(d);
        rig.writeGroup(FaultRig.entry("s", proxy.port()));
        rig.startDaemon();
        rig.awaitState("s", "online", 15000);
        Thread.sleep(300); // let the first probe (sent when online) be answered
        long t0 = System.nanoTime();
        if (mode == FaultProxy.Mode.STALL) {
            proxy.stall();
        } else {
            proxy.drop();
        }
        rig.await("s declared dead", 15000, () -> !rig.info("s").state().equals("online"));
        long detected = FaultRig.millisSince(t0);
        String why = rig.info("s").lastError();
        // probe sent after at most INTERVAL idle (+ one check period), dead after DEAD_AFTER more
        long bound = INTERVAL + DEAD_AFTER + 1000;
        System.out.println("[measure] " + mode + ": detected after " + detected + " ms (bound " + bound
                + " ms: probe after " + INTERVAL + " ms idle, dead after " + DEAD_AFTER + " ms); reason: " + why);
        assertTrue(detected >= DEAD_AFTER, "declared dead before the dead-after time: " + detected);
        assertTrue(detected <= bound, "detected only after " + detected + " ms");
        assertTrue(why.contains("liveness probe"), why);
        try (LocalApiClient cl = rig.client()) {
            LocalApiClient.Outcome refused = cl.exec("s", "print(1)", T);
            assertEquals(3, refused.exitCode(), "while unreachable an exec fails at once: " + refused.message());
            assertTrue(refused.message().startsWith("s is "), refused.message());
            Thread.sleep(1000); // reconnect attempts into the silence time out (handshake 3 s), nothing piles up
            long t1 = System.nanoTime();
            proxy.pass();
            rig.awaitState("s", "online", 15000);
            System.out.println("[measure] " + mode + " ended: online again after " + FaultRig.millisSince(t1)
                    + " ms; attempts so far " + rig.info("s").attempts() + ", proxy connections "
                    + proxy.accepted());
            assertEquals("25\r\n", cl.exec("s", "print(5*5)", T).stdout());
        }
        assertEquals(2, rig.info("s").sessionsOpened());
        assertTrue(proxy.openConnections() <= 1, "stale proxied connections: " + proxy.openConnections());
    }

    /**
     * A running exec does not probe (the device may not serve the file protocol while a program runs),
     * so a link that stalls under a long program is noticed only by the user: Ctrl-C (Cancel) must still
     * end the request within the cancel grace, and the session must come back.
     */
    @Test
    void stallUnderARunningProgramEndsWithCancelWithinTheGrace() throws Exception {
        rig = new FaultRig(tmp);
        SimulatedDevice d = rig.light("x");
        FaultProxy proxy = rig.proxy(d);
        rig.writeGroup(FaultRig.entry("x", proxy.port()));
        rig.startDaemon();
        rig.awaitState("x", "online", 15000);
        try (LocalApiClient cl = rig.client()) {
            int id = cl.nextId();
            cl.send(new Exec(id, "x", "import time\nprint('start')\nwhile True:\n    time.sleep(0.05)\n"
                    .getBytes(StandardCharsets.UTF_8), 0));
            cl.next(id, T); // 'start'
            proxy.stall();
            Thread.sleep(INTERVAL + DEAD_AFTER + 500);
            long t0 = System.nanoTime();
            cl.send(new Cancel(cl.nextId(), id));
            LocalApiClient.Outcome o = cl.collect(id, T);
            long ended = FaultRig.millisSince(t0);
            System.out.println("[measure] cancel of an exec on a stalled link: Result " + o.exitCode() + " after "
                    + ended + " ms (cancel grace 1500 ms); message: " + o.message());
            assertTrue(o.exitCode() == 130 || o.exitCode() == 3, o.exitCode() + " " + o.message());
            assertTrue(ended <= 1500 + 2500, "cancel took " + ended + " ms");
            proxy.pass();
            rig.awaitState("x", "online", 15000);
            assertEquals("4\r\n", cl.exec("x", "print(2*2)", T).stdout());
        }
    }
}
