package dev.upyd.daemon;

import dev.upyd.daemon.api.LocalApiClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.daemon.api.SocketGuard;
import dev.upyd.sim.SimulatedDevice;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon as a real process: `java -cp ... DaemonMain`, stopped with a real SIGTERM. */
class DaemonProcessTest {
    @TempDir
    Path tmp;
    Fleet fleet;
    Process proc;

    @AfterEach
    void tearDown() throws Exception {
        if (proc != null && proc.isAlive()) {
            proc.destroyForcibly();
            proc.waitFor(10, TimeUnit.SECONDS);
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    private Process launch(Path home, Path socket, Path log) throws Exception {
        return launch(home, socket, log, Map.of());
    }

    private Process launch(Path home, Path socket, Path log, Map<String, String> extraEnv) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.upyd.daemon.DaemonMain"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("UPYD_HOME", home.toString());
        env.put("UPYD_SOCKET", socket.toString());
        env.put("UPYD_SHUTDOWN_GRACE_MS", "8000");
        env.put("UPYD_LOGIN_TIMEOUT_MS", "5000");
        env.put("JOURNAL_STREAM", "8:12345"); // as under systemd: no timestamps
        env.put("UPYD_METRICS", "127.0.0.1:0");
        env.putAll(extraEnv);
        return pb.start();
    }

    @Test
    void sigtermLetsTheRunningCommandFinish() throws Exception {
        fleet = new Fleet(tmp);
        SimulatedDevice d = fleet.startTls("t");
        fleet.writeGroup(Fleet.tlsEntry("t", d));
        Path socket = tmp.resolve("run/upyd.sock");
        Path log = tmp.resolve("daemon.log");
        proc = launch(fleet.home, socket, log);
        DaemonFixture.await("daemon socket", 30000, () -> SocketGuard.isLive(socket));
        try (LocalApiClient cl = LocalApiClient.connect(socket)) {
            DaemonFixture.await("device online", 20000, () -> {
                try {
                    return cl.exec("t", "print(0)", Duration.ofSeconds(10)).exitCode() == 0;
                } catch (Exception e) {
                    return false;
                }
            });
            int id = cl.nextId();
            cl.send(new dev.upyd.protocol.api.Exec(id, "t",
                    "import time\ntime.sleep(1.5)\nprint('finished')".getBytes(StandardCharsets.UTF_8), 0));
            Thread.sleep(300);
            long t0 = System.nanoTime();
            proc.destroy(); // SIGTERM
            LocalApiClient.Outcome o = cl.collect(id, Duration.ofSeconds(20));
            assertEquals(0, o.exitCode(), o.message());
            assertEquals("finished\r\n", o.stdout());
            assertTrue(proc.waitFor(20, TimeUnit.SECONDS), "daemon did not exit");
            System.out.println("[measure] SIGTERM with a 1.5 s command in flight: process gone after "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
        assertEquals(143, proc.exitValue()); // 128 + SIGTERM, after the shutdown hook completed
        assertFalse(Files.exists(socket), "socket file removed on a clean stop");
        String out = Files.readString(log);
        assertTrue(out.contains("INFO Daemon: shutting down; waiting for 1 running request(s)"), out);
        assertTrue(out.contains("INFO Daemon: stopped"), out);
        assertFalse(out.matches("(?s).*\\n\\d{4}-\\d\\d-\\d\\d .*"), "timestamps under JOURNAL_STREAM: " + out);
        DaemonFixture.await("device sees the session closed", 5000, () -> !d.hasClient());
    }

    @Test
    void corruptConfigMakesTheProcessRefuseToStart() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("UPY_G.config"), "{\"esp\": [\"1.2.3.4\" \"pw\"]}");
        Path log = tmp.resolve("daemon.log");
        proc = launch(home, tmp.resolve("run/upyd.sock"), log);
        assertTrue(proc.waitFor(30, TimeUnit.SECONDS));
        assertEquals(78, proc.exitValue());
        String out = Files.readString(log);
        assertTrue(out.contains("SEVERE") && out.contains(home.resolve("UPY_G.config").toString()), out);
        assertFalse(Files.exists(tmp.resolve("run/upyd.sock")));
    }

    @Test
    void shutdownRequestStopsTheProcess() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path socket = tmp.resolve("run/upyd.sock");
        proc = launch(home, socket, tmp.resolve("daemon.log"));
        DaemonFixture.await("daemon socket", 30000, () -> SocketGuard.isLive(socket));
        try (LocalApiClient cl = LocalApiClient.connect(socket)) {
            int id = cl.nextId();
            cl.send(new dev.upyd.protocol.api.Shutdown(id));
            assertEquals(0, ((dev.upyd.protocol.api.Result) cl.next(id, Duration.ofSeconds(10))).exitCode());
        }
        assertTrue(proc.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, proc.exitValue());
        assertFalse(Files.exists(socket));
    }

    /** Plays systemd's part: READY=1 when the socket listens, WATCHDOG=1 keep-alives, STOPPING=1 on SIGTERM. */
    @Test
    void notifiesSystemdLikeATypeNotifyService() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path socket = tmp.resolve("run/upyd.sock");
        Path notify = tmp.resolve("notify.sock");
        try (org.newsclub.net.unix.AFUNIXDatagramSocket systemd = org.newsclub.net.unix.AFUNIXDatagramSocket.newInstance()) {
            systemd.bind(org.newsclub.net.unix.AFUNIXSocketAddress.of(notify));
            systemd.setSoTimeout(30000);
            // WATCHDOG_PID is left out: systemd sets it to the main pid, which we cannot know before the start
            proc = launch(home, socket, tmp.resolve("daemon.log"), Map.of("NOTIFY_SOCKET", notify.toString(),
                    "WATCHDOG_USEC", "400000"));
            String ready = receive(systemd);
            assertTrue(ready.startsWith("READY=1\n"), ready);
            assertTrue(ready.contains("MAINPID=" + proc.pid()), ready);
            assertTrue(SocketGuard.isLive(socket), "READY=1 only once the local API listens");
            assertEquals("WATCHDOG=1", receive(systemd));
            proc.destroy();
            String m;
            do {
                m = receive(systemd);
            } while (m.equals("WATCHDOG=1"));
            assertEquals("STOPPING=1", m);
            assertTrue(proc.waitFor(20, TimeUnit.SECONDS));
        }
    }

    private static String receive(org.newsclub.net.unix.AFUNIXDatagramSocket s) throws java.io.IOException {
        byte[] buf = new byte[4096];
        java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
        s.receive(p);
        return new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
    }
}
