package dev.upyd.daemon.faults;

import dev.upyd.daemon.api.LocalApiClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.OperatingSystemMXBean;
import dev.upyd.protocol.api.Exec;
import dev.upyd.sim.SimulatedDevice;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resets while a program runs, and a device that keeps going away: the user sees exit code 3 with a
 * message, the session comes back, and reconnects follow the backoff schedule (no storm, no busy CPU).
 * Backoff in these tests: base 100 ms, doubling, cap 800 ms, jitter 0.2 (downward).
 */
class ResetsAndFlappingTest {
    static final Duration T = Duration.ofSeconds(20);
    static final long BASE = 100;
    static final long CAP = 800;
    static final double JITTER = 0.2;

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
    @ValueSource(strings = {"machine.soft_reset()", "machine.reset()"})
    void resetFromTheRunningProgram(String call) throws Exception {
        rig = new FaultRig(tmp);
        SimulatedDevice d = rig.light("r");
        FaultProxy proxy = rig.proxy(d);
        rig.writeGroup(FaultRig.entry("r", proxy.port()));
        rig.startDaemon();
        rig.awaitState("r", "online", 15000);
        try (LocalApiClient cl = rig.client()) {
            long t0 = System.nanoTime();
            LocalApiClient.Outcome o = cl.exec("r", "import time, machine\nprint('running')\ntime.sleep(0.3)\n" + call, T);
            assertEquals("running\r\n", o.stdout(), "output before the reset is delivered");
            assertEquals(3, o.exitCode(), o.message());
            assertTrue(o.message().contains("closed the connection during exec"), o.message());
            rig.await("r back", 10000, () -> rig.info("r").sessionsOpened() == 2 && rig.info("r").state().equals("online"));
            System.out.println("[measure] " + call + " in a running program: online again after "
                    + FaultRig.millisSince(t0) + " ms; proxy connections " + proxy.accepted());
            assertEquals("9\r\n", cl.exec("r", "print(3*3)", T).stdout());
        }
    }

    @Test
    void hardResetFromOutsideDuringARunningProgram() throws Exception {
        rig = new FaultRig(tmp);
        SimulatedDevice d = rig.light("h");
        rig.writeGroup(FaultRig.entry("h", d.port()));
        rig.startDaemon();
        rig.awaitState("h", "online", 15000);
        try (LocalApiClient cl = rig.client()) {
            int id = cl.nextId();
            cl.send(new Exec(id, "h", "import time\nprint('loop')\nwhile True:\n    time.sleep(0.05)\n"
                    .getBytes(StandardCharsets.UTF_8), 0));
            cl.next(id, T);
            long t0 = System.nanoTime();
            d.restart(); // power cycle: the board goes away under the program
            LocalApiClient.Outcome o = cl.collect(id, T);
            System.out.println("[measure] hard reset under a running program: Result " + o.exitCode() + " after "
                    + FaultRig.millisSince(t0) + " ms: " + o.message());
            assertEquals(3, o.exitCode(), o.message());
            rig.await("h back", 10000, () -> rig.info("h").sessionsOpened() == 2 && rig.info("h").state().equals("online"));
            assertEquals("1\r\n", cl.exec("h", "print(1)", T).stdout());
        }
    }

    @Test
    void flappingDeviceFollowsTheBackoffWithoutAStormOrBusyCpu() throws Exception {
        rig = new FaultRig(tmp);
        SimulatedDevice d = rig.light("f");
        FaultProxy proxy = rig.proxy(d);
        rig.writeGroup(FaultRig.entry("f", proxy.port()));
        rig.startDaemon();
        rig.awaitState("f", "online", 15000);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        // phase 1: the board reboots every 700 ms for ~6 s
        int restarts = 0;
        int before = proxy.accepted();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        while (FaultRig.millisSince(t0) < 6000) {
            d.restart();
            restarts++;
            Thread.sleep(700);
        }
        long wall = FaultRig.millisSince(t0);
        double cpuShare = (os.getProcessCpuTime() - cpu0) / 1e6 / wall;
        int attempts = proxy.accepted() - before;
        System.out.printf("[measure] flapping: %d restarts in %d ms -> %d connection attempts at the proxy, "
                + "test JVM CPU %.1f%% of one core (daemon + sim + proxy)%n", restarts, wall, attempts, cpuShare * 100);
        // each reboot (200 ms down) costs at most a few attempts at 100..200 ms; a storm would be hundreds
        assertTrue(attempts >= restarts / 2, "the session did not follow the device: " + attempts);
        assertTrue(attempts <= restarts * 4 + 2, "reconnect storm: " + attempts + " attempts for " + restarts + " restarts");
        assertTrue(cpuShare < 0.6, "busy CPU while flapping: " + cpuShare);
        rig.awaitState("f", "online", 10000);

        // phase 2: the board is gone (every connection reset) for 5 s: attempts bounded by the schedule
        proxy.reset();
        int before2 = proxy.accepted();
        long cpu1 = os.getProcessCpuTime();
        long t1 = System.nanoTime();
        Thread.sleep(5000);
        long wall2 = FaultRig.millisSince(t1);
        int attempts2 = proxy.accepted() - before2;
        double cpu2 = (os.getProcessCpuTime() - cpu1) / 1e6 / wall2;
        int bound = maxAttempts(wall2);
        System.out.printf("[measure] device down %d ms: %d attempts (schedule allows at most %d), CPU %.1f%%%n",
                wall2, attempts2, bound, cpu2 * 100);
        assertTrue(attempts2 >= 4, "gave up too early: " + attempts2);
        assertTrue(attempts2 <= bound, "more attempts than the backoff allows: " + attempts2 + " > " + bound);
        assertTrue(cpu2 < 0.3, "busy CPU while the device is down: " + cpu2);
        long t2 = System.nanoTime();
        proxy.pass();
        rig.awaitState("f", "online", 10000);
        long back = FaultRig.millisSince(t2);
        System.out.println("[measure] device back: online after " + back + " ms (cap " + CAP + " ms)");
        assertTrue(back <= CAP + 2000, "found only after " + back + " ms");
        try (LocalApiClient cl = rig.client()) {
            assertEquals("2\r\n", cl.exec("f", "print(1+1)", T).stdout());
        }
    }

    /** The most attempts the schedule permits in {@code windowMs}: every delay at its shortest (full jitter). */
    static int maxAttempts(long windowMs) {
        int n = 1; // one may start right at the beginning of the window
        long elapsed = 0;
        for (int k = 0; ; k++) {
            long raw = Math.min(CAP, BASE << Math.min(k, 30));
            elapsed += (long) Math.floor(raw * (1 - JITTER));
            if (elapsed > windowMs) {
                return n;
            }
            n++;
        }
    }
}
