package dev.upyd.daemon;

import dev.upyd.daemon.api.LocalApiClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.upyd.daemon.mdns.NetworkNamespace;
import dev.upyd.protocol.api.DeviceInfo;
import dev.upyd.protocol.api.DeviceList;
import dev.upyd.protocol.api.ListDevices;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A board known only by its .local name, inside a network namespace of the test's own with a real mDNS
 * responder (python3-zeroconf): the daemon resolves it itself, follows it to a new address after a
 * "DHCP change" (sim restarted on another loopback address, responder re-announces), and reports a name
 * nobody answers for. Daemon and sim run as processes inside the namespace; the test talks to the
 * daemon through its Unix socket, which lives in the (shared) file system.
 */
class MdnsEndToEndTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final int PORT = 18266;

    @TempDir
    Path tmp;
    private NetworkNamespace ns;
    private final List<Process> procs = new ArrayList<>();
    private Process responder;
    private BufferedReader responderOut;

    @BeforeEach
    void setUp() throws Exception {
        String why = NetworkNamespace.unavailableReason();
        assumeTrue(why == null, () -> "skipped: " + why);
        assumeTrue(Files.isExecutable(Path.of(PYTHON)) && new ProcessBuilder(PYTHON, "-c", "import zeroconf")
                .start().waitFor() == 0, "skipped: Debian's python3-zeroconf is not installed (scripts/setup.sh installs it)");
        ns = NetworkNamespace.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : procs) {
            p.destroy();
        }
        for (Process p : procs) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (ns != null) {
            ns.close();
        }
    }

    private Process java(String main, Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = ns.process(cmd.toArray(new String[0])).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("UPYD_HOME", tmp.resolve("home").toString());
        pb.environment().put("UPYD_SOCKET", tmp.resolve("run/upyd.sock").toString());
        pb.environment().put("UPYD_METRICS", "off");
        pb.environment().put("UPYD_BACKOFF_BASE_MS", "100");
        pb.environment().put("UPYD_BACKOFF_CAP_MS", "500");
        pb.environment().put("UPYD_MDNS_TIMEOUT_MS", "2000");
        pb.environment().put("UPYD_LIVENESS_INTERVAL_MS", "300");
        pb.environment().put("UPYD_LIVENESS_DEAD_AFTER_MS", "1000");
        Process p = pb.start();
        procs.add(p);
        return p;
    }

    private Process startSim(String host) throws Exception {
        Path log = tmp.resolve("sim-" + host + ".log");
        Process p = java("dev.upyd.sim.SimMain", log, "--dir", tmp.resolve("board").toString(), "--no-tls",
                "--backend", "light", "--port", Integer.toString(PORT), "--host", host, "--name", "board",
                "--password", "testpass", "--reboot-delay-ms", "100");
        DaemonFixture.await("sim listening on " + host, 30000, () -> {
            try {
                return Files.readString(log).contains("listening on ws://" + host + ":" + PORT);
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return p;
    }

    private Optional<DeviceInfo> info(LocalApiClient cl, String name) throws Exception {
        int id = cl.nextId();
        cl.send(new ListDevices(id));
        DeviceList l = (DeviceList) cl.next(id, Duration.ofSeconds(10));
        return l.devices().stream().filter(d -> d.name().equals(name)).findFirst();
    }

    @Test
    void resolvesFollowsAMovedBoardAndReportsAnUnknownName() throws Exception {
        Path script = tmp.resolve("mdns_responder.py");
        try (var in = getClass().getResourceAsStream("/mdns_responder.py")) {
            Files.copy(in, script);
        }
        responder = ns.process(PYTHON, script.toString(), "board", "127.0.0.1").redirectErrorStream(true).start();
        procs.add(responder);
        responderOut = new BufferedReader(new InputStreamReader(responder.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", responderOut.readLine());

        Files.createDirectories(tmp.resolve("board"));
        Files.createDirectories(tmp.resolve("home"));
        Files.writeString(tmp.resolve("home/UPY_G.config"),
                "{\"board\": [\"board.local:" + PORT + "\", \"testpass\"], \"ghost\": [\"ghost.local:" + PORT + "\", \"testpass\"]}");
        Process sim = startSim("127.0.0.1");
        java("dev.upyd.daemon.DaemonMain", tmp.resolve("daemon.log"));
        Path socket = tmp.resolve("run/upyd.sock");
        DaemonFixture.await("daemon socket", 30000, () -> dev.upyd.daemon.api.SocketGuard.isLive(socket));
        try (LocalApiClient cl = LocalApiClient.connect(socket)) {
            DaemonFixture.await("board online via mDNS", 20000, () -> {
                try {
                    return info(cl, "board").map(d -> d.state().equals("online")).orElse(false);
                } catch (Exception e) {
                    return false;
                }
            });
            assertEquals("2\r\n", cl.exec("board", "print(1+1)", Duration.ofSeconds(10)).stdout());

            // the board gets another address: it reboots there and announces the new one
            sim.destroy();
            assertTrue(sim.waitFor(10, TimeUnit.SECONDS));
            responder.getOutputStream().write("set 127.0.0.2\n".getBytes(StandardCharsets.UTF_8));
            responder.getOutputStream().flush();
            assertEquals("updated", responderOut.readLine());
            startSim("127.0.0.2");
            long t0 = System.nanoTime();
            DaemonFixture.await("board online at its new address", 30000, () -> {
                try {
                    return cl.exec("board", "print(2+2)", Duration.ofSeconds(5)).stdout().equals("4\r\n");
                } catch (Exception e) {
                    return false;
                }
            });
            System.out.println("[measure] moved board back online after " + (System.nanoTime() - t0) / 1_000_000 + " ms");

            // what `upyd scan` asks: the address a connect would use now
            int id = cl.nextId();
            cl.send(new dev.upyd.protocol.api.Resolve(id, "board.local"));
            dev.upyd.protocol.api.Result r = (dev.upyd.protocol.api.Result) cl.next(id, Duration.ofSeconds(10));
            assertEquals(0, r.exitCode(), r.message());
            assertEquals("127.0.0.2", r.message());

            // nobody answers for ghost.local: each attempt times out (2 s here), and the reason is shown
            DaemonFixture.await("ghost reported as unresolvable", 20000, () -> {
                try {
                    return info(cl, "ghost").map(g -> !g.state().equals("online")
                            && g.lastError().contains("no mDNS answer")).orElse(false);
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }
}
