package dev.upyd.daemon.faults;

import dev.upyd.daemon.api.LocalApiClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.pki.config.GroupEntry;
import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.testkit.SimDevices;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What exit code a request gets when the device cannot be reached: always 3 (unreachable), whatever
 * the reason the reconnect failed for, never 70 (which tells the user the daemon itself is broken).
 */
class ExitCodesUnderFaultsTest {
    static final Duration T = Duration.ofSeconds(20);

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
    void requestQueuedWhileTheReconnectFailsWithAProtocolErrorGetsUnreachable() throws Exception {
        rig = new FaultRig(tmp);
        rig.set("UPYD_RESET_WINDOW_MS", "1500").set("UPYD_RESET_RETRY_MS", "300");
        SimulatedDevice d = rig.lightPlain("p");
        FaultProxy proxy = rig.proxy(d);
        rig.writeGroup(GroupEntry.of("p", "127.0.0.1:" + proxy.port(), SimDevices.PASSWORD)); // no passphrase: ws
        rig.startDaemon();
        rig.awaitState("p", "online", 15000);
        try (LocalApiClient cl = rig.client()) {
            LocalApiClient.Outcome reset = cl.exec("p", "import machine\nmachine.soft_reset()", T);
            assertEquals(3, reset.exitCode(), reset.message());
            proxy.garble(); // the board comes back talking nonsense: the upgrade answer is unreadable
            LocalApiClient.Outcome o = cl.exec("p", "print(1)", T); // accepted: within the reset window
            System.out.println("[measure] request queued during failing reconnects: exit " + o.exitCode() + ": "
                    + o.message());
            assertTrue(o.message().startsWith("p is "), o.message());
            assertTrue(!o.message().contains("next retry in 0 ms"), "the retry is not due now: " + o.message());
            assertEquals(3, o.exitCode(), "unreachable, not an internal error: " + o.message());
            LocalApiClient.Outcome later = cl.exec("p", "print(1)", T);
            assertEquals(3, later.exitCode(), later.message());
        }
    }
}
