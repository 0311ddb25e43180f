package dev.upyd.daemon.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.upyd.daemon.api.LocalApiClient;
import dev.upyd.daemon.mdns.NetworkNamespace;
import dev.upyd.pki.config.GroupEntry;
import dev.upyd.sim.testkit.SimDevices;
import dev.upyd.sim.testkit.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A board that vanishes (power, WiFi) while a program runs on it. During an exec the daemon cannot send its
 * GET_VER liveness probe (it would land in the program's input), so only TCP keepalive can notice. The
 * device is a simulated board in a network namespace of the test's own, reached over a veth pair; taking the
 * namespace's end of the link down makes every packet to it vanish, as when a board loses power.
 */
class KeepAliveTest {
    @TempDir
    Path tmp;

    private FaultRig rig;
    private NetworkNamespace ns;
    private Process sim;
    private String hostIf;

    @AfterEach
    void tearDown() throws Exception {
        if (rig != null) {
            rig.close();
        }
        if (sim != null) {
            sim.destroyForcibly();
            sim.waitFor(10, TimeUnit.SECONDS);
        }
        if (ns != null) {
            ns.close(); // takes the namespace's end of the veth pair, and with it the pair
        }
        if (hostIf != null) {
            ip("link", "del", hostIf); // already gone with the namespace, normally
        }
    }

    @Test
    void aBoardThatVanishesDuringALongExecIsFoundByKeepaliveAndComesBack() throws Exception {
        String why = NetworkNamespace.unavailableReason();
        assumeTrue(why == null, why);
        int net = ThreadLocalRandom.current().nextInt(1, 250);
        String hostAddr = "10.233." + net + ".1";
        String devAddr = "10.233." + net + ".2";
        ns = NetworkNamespace.create();
        String suffix = ns.name().substring(ns.name().length() - 6);
        hostIf = "uh" + suffix;
        String devIf = "ud" + suffix;
        run(new ProcessBuilder("ip", "link", "add", hostIf, "type", "veth", "peer", "name", devIf));
        run(new ProcessBuilder("ip", "link", "set", devIf, "netns", ns.name()));
        run(new ProcessBuilder("ip", "addr", "add", hostAddr + "/30", "dev", hostIf));
        run(new ProcessBuilder("ip", "link", "set", hostIf, "up"));
        nsIp("addr", "add", devAddr + "/30", "dev", devIf);
        nsIp("link", "set", devIf, "up");

        // a plain-ws light board in the namespace (TLS plays no part in keepalive)
        Path dev = Files.createDirectories(tmp.resolve("board"));
        TestPki.writeWebreplConfig(dev, SimDevices.PASSWORD);
        Path simLog = tmp.resolve("sim.log");
        sim = ns.process(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                        "-cp", System.getProperty("java.class.path"), "dev.upyd.sim.SimMain", "--dir", dev.toString(),
                        "--no-tls", "--port", "8266", "--host", devAddr, "--backend", "light")
                .redirectErrorStream(true).redirectOutput(simLog.toFile()).start();
        FaultRig.await("the board listening (" + simLog + ")", 30_000,
                () -> !sim.isAlive() || read(simLog).contains("listening on"));
        assertTrue(sim.isAlive(), () -> "sim exited: " + read(simLog));

        rig = new FaultRig(tmp.resolve("rig"));
        rig.set("UPYD_TCP_KEEPALIVE_IDLE_S", "1").set("UPYD_TCP_KEEPALIVE_INTERVAL_S", "1")
                .set("UPYD_TCP_KEEPALIVE_COUNT", "2");
        rig.writeGroup(GroupEntry.of("far", devAddr + ":8266", SimDevices.PASSWORD));
        rig.startDaemon();
        rig.awaitState("far", "online", 20_000);

        try (LocalApiClient c = rig.client()) {
            // prints now and then: once the link is back, the board's next write meets the daemon's RST and
            // frees its one client slot (a board blocks a new client while it thinks the old one is there)
            int id = c.nextId();
            c.send(new dev.upyd.protocol.api.Exec(id, "far",
                    "import time\nwhile True:\n    print('.')\n    time.sleep(0.5)\n".getBytes(StandardCharsets.UTF_8), 0));
            Thread.sleep(1500); // the program is running and printing
            long cut = System.nanoTime();
            nsIp("link", "set", devIf, "down");
            LocalApiClient.Outcome o = c.collect(id, Duration.ofSeconds(30));
            long noticedMs = FaultRig.millisSince(cut);
            assertEquals(3, o.exitCode(), "unreachable: " + o.message());
            assertTrue(o.message().contains("timed out"), o.message());
            assertTrue(o.stdout().contains("."), "the program's output before the cut reached the client");
            // idle 1 s + 2 probes 1 s apart, plus the retransmission of the last output: seconds, not hours
            assertTrue(noticedMs < 20_000, "noticed after " + noticedMs + " ms");
        }

        nsIp("link", "set", devIf, "up");
        rig.awaitState("far", "online", 30_000);
        try (LocalApiClient c = rig.client()) {
            LocalApiClient.Outcome o = c.exec("far", "print(6*7)", Duration.ofSeconds(20));
            assertEquals(0, o.exitCode(), o.message());
            assertEquals("42", o.stdout().strip());
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private void nsIp(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        run(ns.process(cmd.toArray(String[]::new)));
    }

    /** Best effort (tear-down). */
    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private static void run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", pb.command()) + " failed: " + out.strip());
        }
    }
}
