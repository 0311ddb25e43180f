package dev.upyd.cli.kg;

import dev.upyd.cli.e2e.CliDaemonFixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.upyd.cli.CliHarness;
import dev.upyd.cli.client.DaemonDeviceLink;
import dev.upyd.daemon.Daemon;
import dev.upyd.daemon.DaemonSettings;
import dev.upyd.sim.SimSettings;
import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.testkit.SimDevices;
import dev.upyd.sim.testkit.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kg ssl CA rotate -tfkey} end to end: the CLI, the daemon on a private socket, and a wss device
 * running the real MicroPython interpreter (Node + WebAssembly), whose flash is a directory we can read.
 * (The e2e package's fixture is package-private, so its few setup lines are repeated here.)
 */
class KgRotateThroughDaemonTest {
    @TempDir
    Path tmp;
    Daemon daemon;
    SimulatedDevice dev;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.shutdown();
        }
        if (dev != null) {
            dev.close();
        }
    }

    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("sim/node/mpsim.mjs"))) {
                return p;
            }
        }
        return null;
    }

    @Test
    @Timeout(240)
    void theDeviceEndsWithTheHostsCaCertificateAndHostFilesStayAsTheyWere() throws Exception {
        Path root = repoRoot();
        assumeTrue(root != null && CliDaemonFixture.nodeAvailable(), "node and sim/node/node_modules are needed for the MicroPython simulator");
        TestPki pki = TestPki.create();
        Path home = Files.createDirectories(tmp.resolve("home"));
        pki.writeCaPem(home.resolve("ROOT_CA_cert.pem"));
        pki.writeHostPem(home.resolve("HOST_cert@7465737465.pem"), home.resolve("HOST_key@7465737465.pem"));
        CliHarness cli = new CliHarness(tmp);
        cli.cwd = Files.createDirectories(tmp.resolve("work"));
        cli.env.put("UPYD_SOCKET", tmp.resolve("run").resolve("upyd.sock").toString());

        Path flash = tmp.resolve("dev-esp1");
        SimDevices.prepareDeviceDir(flash, pki, "esp1", SimDevices.UID, SimDevices.PASSWORD, 8833);
        dev = SimulatedDevice.start(SimSettings.builder(flash).name("esp1").port(0).tls(true)
                .backend(SimSettings.BackendKind.MICROPYTHON).rebootDelayMs(300).upydHome(root).build());
        pki.writeDeviceFiles(flash, SimDevices.UID, "esp1", dev.port());
        // the device's CA file is not the host's: it also trusts another CA (so this host still gets in)
        Path other = tmp.resolve("other.pem");
        TestPki.create("Other CA").writeCaPem(other);
        Files.writeString(flash.resolve("ROOT_CA_cert.pem"), Files.readString(flash.resolve("ROOT_CA_cert.pem"))
                + Files.readString(other));
        dev.restart();
        assertEquals(0, cli.run("config", "-t", "127.0.0.1:" + dev.port(), "-p", SimDevices.PASSWORD + ":unused",
                "-@", "esp1", "-gg"), cli.err);

        Map<String, String> env = new HashMap<>();
        env.put("UPYD_HOME", home.toString());
        env.put("UPYD_SOCKET", cli.env.get("UPYD_SOCKET"));
        env.put("UPYD_BACKOFF_BASE_MS", "100");
        env.put("UPYD_BACKOFF_CAP_MS", "800");
        env.put("UPYD_RESET_RETRY_MS", "100");
        env.put("UPYD_CONFIG_POLL_MS", "200");
        daemon = new Daemon(DaemonSettings.of(env, new Properties()));
        daemon.start();
        awaitOnline(cli, "esp1");

        Map<String, String> before = KgCommandTest.snapshot(home);
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(home.resolve("ROOT_CA_cert.pem")),
                Files.readAllBytes(flash.resolve("ROOT_CA_cert.pem"))), "precondition: the device's CA file differs");
        int code = cli.run("kg", "ssl", "CA", "rotate", "-tfkey", "-@", "esp1");
        assertEquals(0, code, cli.out + cli.err);
        assertTrue(cli.out.contains("[1/3] upload ROOT_CA_cert.pem to esp1 as ~ROOT_CA_cert.pem ... done"), cli.out);
        assertTrue(cli.out.contains("[2/3] on esp1: os.rename('~ROOT_CA_cert.pem', 'ROOT_CA_cert.pem') ... done"),
                cli.out);
        assertTrue(cli.out.contains("[3/3] soft reset of esp1 ... done"), cli.out);
        assertArrayEquals(Files.readAllBytes(home.resolve("ROOT_CA_cert.pem")),
                Files.readAllBytes(flash.resolve("ROOT_CA_cert.pem")), "the device holds the host's CA certificate");
        assertFalse(Files.exists(flash.resolve("~ROOT_CA_cert.pem")), "nothing left staged on the device");
        assertEquals(before, KgCommandTest.snapshot(home), "host files byte-identical");

        // after the soft reset the daemon reconnects, and the device (now trusting only this CA) accepts us
        awaitOnline(cli, "esp1");
        assertEquals(0, cli.run("exec", "esp1", "print('after rotate')"), cli.err);
        assertEquals("after rotate\n", cli.out);

        // a device exception in exec is a traceback, not a lost link
        DaemonDeviceLink link = new DaemonDeviceLink(cli.settings());
        DeviceTracebackException e = assertThrows(DeviceTracebackException.class,
                () -> link.exec("esp1", "import os\nos.rename('no-such-file', 'x')\n"));
        assertTrue(e.getMessage().contains("OSError"), e.getMessage());
    }

    static void awaitOnline(CliHarness cli, String name) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            if (cli.run("status", "--json") == 0) {
                last = cli.out;
                if (last.matches("(?s).*\"name\":\"" + name + "\",\"address\":\"[^\"]*\",\"state\":\"online\".*")) {
                    return;
                }
            } else {
                last = cli.err;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " not online after 60 s: " + last);
    }
}
