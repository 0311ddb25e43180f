package dev.upyd.cli.e2e;

import dev.upyd.cli.CliHarness;
import dev.upyd.daemon.Daemon;
import dev.upyd.daemon.DaemonSettings;
import dev.upyd.sim.SimException;
import dev.upyd.sim.SimSettings;
import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.testkit.SimDevices;
import dev.upyd.sim.testkit.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The real thing, in-process: a TestPki (CA + host pair in UPYD_HOME), simulated devices, the daemon on a
 * private socket, and the CLI run through {@link CliHarness} against it. Devices are added with the CLI's
 * own {@code config} command, as a user would.
 */
public final class CliDaemonFixture implements AutoCloseable {
    public final Path tmp;
    public final Path home;
    public final TestPki pki = TestPki.create();
    public final CliHarness cli;
    public final List<SimulatedDevice> devices = new ArrayList<>();
    public Daemon daemon;

    public CliDaemonFixture(Path tmp) throws Exception {
        this.tmp = tmp;
        this.home = tmp.resolve("home");
        Files.createDirectories(home);
        pki.writeCaPem(home.resolve("ROOT_CA_cert.pem"));
        pki.writeHostPem(home.resolve("HOST_cert@7465737465.pem"), home.resolve("HOST_key@7465737465.pem"));
        Path work = tmp.resolve("work");
        Files.createDirectories(work);
        cli = new CliHarness(tmp);
        cli.cwd = work;
        cli.env.put("UPYD_SOCKET", tmp.resolve("run").resolve("upyd.sock").toString());
    }

    /** A wss device with the real MicroPython interpreter (Node + WebAssembly). */
    public SimulatedDevice micropython(String name) throws SimException {
        Path dir = tmp.resolve("dev-" + name);
        SimDevices.prepareDeviceDir(dir, pki, name, SimDevices.UID, SimDevices.PASSWORD, 8833);
        SimulatedDevice dev = SimulatedDevice.start(SimSettings.builder(dir).name(name).port(0).tls(true)
                .backend(SimSettings.BackendKind.MICROPYTHON).rebootDelayMs(300).upydHome(repoRoot()).build());
        pki.writeDeviceFiles(dir, SimDevices.UID, name, dev.port());
        dev.restart();
        return add(name, dev);
    }

    /** The repository root (where sim/node lives): tests run with the module directory as cwd. */
    public static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("sim/node/mpsim.mjs"))) {
                return p;
            }
        }
        throw new IllegalStateException("sim/node/mpsim.mjs not found above " + Path.of("").toAbsolutePath());
    }

    /** Whether the MicroPython simulator can run here: node on PATH and sim/node's packages installed. */
    public static boolean nodeAvailable() {
        try {
            return Files.isDirectory(repoRoot().resolve("sim/node/node_modules"))
                    && new ProcessBuilder("node", "--version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** A wss device with the light Java REPL (cheap; for fan-out). */
    public SimulatedDevice light(String name) throws SimException {
        return add(name, SimDevices.startLight(tmp.resolve("dev-" + name), pki, name));
    }

    private SimulatedDevice add(String name, SimulatedDevice dev) {
        devices.add(dev);
        int code = cli.run("config", "-t", "127.0.0.1:" + dev.port(), "-p", SimDevices.PASSWORD + ":unused", "-@", name, "-gg");
        if (code != 0) {
            throw new IllegalStateException("config failed: " + cli.err);
        }
        return dev;
    }

    public void startDaemon() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("UPYD_HOME", home.toString());
        env.put("UPYD_SOCKET", cli.env.get("UPYD_SOCKET"));
        env.put("UPYD_BACKOFF_BASE_MS", "100");
        env.put("UPYD_BACKOFF_CAP_MS", "800");
        env.put("UPYD_RESET_RETRY_MS", "100");
        env.put("UPYD_CONFIG_POLL_MS", "200");
        env.put("UPYD_CANCEL_GRACE_MS", "3000");
        env.put("UPYD_SHUTDOWN_GRACE_MS", "2000");
        env.put("UPYD_METRICS", "off"); // no CLI test reads it, and a fixed port collides with any other daemon running here
        daemon = new Daemon(DaemonSettings.of(env, new Properties()));
        daemon.start();
    }

    /** Waits until `upyd status --json` shows every named device online. */
    public void awaitOnline(long timeoutMs, String... names) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            if (cli.run("status", "--json") == 0) {
                last = cli.out;
                boolean all = true;
                for (String n : names) {
                    all &= last.contains("{\"name\":\"" + n + "\",") && last.matches("(?s).*\"name\":\"" + n
                            + "\",\"address\":\"[^\"]*\",\"state\":\"online\".*");
                }
                if (all) {
                    return;
                }
            } else {
                last = cli.err;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("devices not online after " + timeoutMs + " ms: " + last);
    }

    @Override
    public void close() {
        if (daemon != null) {
            daemon.shutdown();
        }
        for (SimulatedDevice d : devices) {
            d.close();
        }
    }
}
