package dev.upyd.daemon.faults;

import dev.upyd.daemon.api.LocalApiClient;

import dev.upyd.daemon.Daemon;
import dev.upyd.daemon.DaemonSettings;
import dev.upyd.daemon.device.DeviceSession;
import dev.upyd.pki.config.GroupConfig;
import dev.upyd.pki.config.GroupEntry;
import dev.upyd.sim.SimSettings;
import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.testkit.SimDevices;
import dev.upyd.sim.testkit.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * Everything one fault test needs, closed in one place: simulated devices (real TLS with test-kit
 * certificates), fault proxies in front of them, a UPYD_HOME with the CA and the encrypted host key,
 * and an in-process daemon with short timeouts (as DaemonFixture, which is package-private).
 */
final class FaultRig implements AutoCloseable {
    static final String HOST_PASSPHRASE = "hostphrase";

    final Path root;
    final Path home;
    final Path socket;
    final TestPki pki;
    final Map<String, String> env = new HashMap<>();
    private final List<SimulatedDevice> sims = new ArrayList<>();
    private final List<FaultProxy> proxies = new ArrayList<>();
    Daemon daemon;

    FaultRig(Path root) throws Exception {
        this.root = root;
        this.home = Files.createDirectories(root.resolve("home"));
        this.socket = root.resolve("run").resolve("upyd.sock");
        this.pki = TestPki.create();
        writeHostFiles(HOST_PASSPHRASE);
        env.put("UPYD_HOME", home.toString());
        env.put("UPYD_SOCKET", socket.toString());
        env.put("UPYD_BACKOFF_BASE_MS", "100");
        env.put("UPYD_BACKOFF_CAP_MS", "800");
        env.put("UPYD_AUTH_RETRY_MS", "2000");
        env.put("UPYD_RESET_RETRY_MS", "100");
        env.put("UPYD_RESET_WINDOW_MS", "2000");
        env.put("UPYD_LIVENESS_INTERVAL_MS", "500");
        env.put("UPYD_LIVENESS_DEAD_AFTER_MS", "1500");
        env.put("UPYD_CONNECT_TIMEOUT_MS", "2000");
        env.put("UPYD_TLS_HANDSHAKE_TIMEOUT_MS", "3000");
        env.put("UPYD_LOGIN_TIMEOUT_MS", "3000");
        env.put("UPYD_CANCEL_GRACE_MS", "1500");
        env.put("UPYD_FILE_TIMEOUT_MS", "3000");
        env.put("UPYD_SHUTDOWN_GRACE_MS", "3000");
        env.put("UPYD_CONFIG_POLL_MS", "200");
        env.put("UPYD_METRICS", "off");
    }

    FaultRig set(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** CA certificate + host pair, the key encrypted with PKCS#8/PBES2 under {@code passphrase}. */
    void writeHostFiles(String passphrase) throws Exception {
        pki.writeCaPem(home.resolve("ROOT_CA_cert.pem"));
        Files.writeString(home.resolve("HOST_cert@74657374.pem"), TestPki.pem(pki.hostCertificate()),
                StandardCharsets.US_ASCII);
        Files.writeString(home.resolve("HOST_key@74657374.pem"), pki.encryptedHostKeyPem(passphrase), StandardCharsets.US_ASCII);
    }

    Path deviceDir(String name) throws Exception {
        return Files.createDirectories(root.resolve("dev-" + name));
    }

    /** A light-backend wss device (certificate names 127.0.0.1, so a proxy port in front is accepted). */
    SimulatedDevice light(String name) throws Exception {
        SimulatedDevice d = SimDevices.startLight(deviceDir(name), pki, name);
        sims.add(d);
        return d;
    }

    /** A light-backend plain ws device (no TLS: a proxy in front sees and can corrupt the bytes). */
    SimulatedDevice lightPlain(String name) throws Exception {
        SimulatedDevice d = SimDevices.startLightPlain(deviceDir(name), name);
        sims.add(d);
        return d;
    }

    /** A light-backend plain ws device whose flash is FAT: {@code os.rename} refuses an existing target. */
    SimulatedDevice lightPlainFat(String name) throws Exception {
        dev.upyd.sim.testkit.TestPki.writeWebreplConfig(deviceDir(name), SimDevices.PASSWORD);
        SimulatedDevice d = SimulatedDevice.start(SimSettings.builder(deviceDir(name)).name(name).port(0).tls(false)
                .uid(SimDevices.UID).backend(SimSettings.BackendKind.LIGHT).fatRename(true).rebootDelayMs(200).build());
        sims.add(d);
        return d;
    }

    /** A light device on a chosen port with the files already in its folder (restart on the same port). */
    SimulatedDevice lightOnPort(String name, int port) throws Exception {
        SimulatedDevice d = SimulatedDevice.start(SimSettings.builder(deviceDir(name)).name(name).port(port).tls(true)
                .backend(SimSettings.BackendKind.LIGHT).rebootDelayMs(200).build());
        sims.add(d);
        return d;
    }

    /** A device the test stopped for good: no longer held (long tests restart devices many times). */
    void forget(SimulatedDevice d) {
        sims.remove(d);
    }

    /** A wss device with a given password whose folder is prepared here (the cert names IP 127.0.0.1). */
    SimulatedDevice lightWithPassword(String name, String password) throws Exception {
        Path dir = deviceDir(name);
        SimDevices.prepareDeviceDir(dir, pki, name, SimDevices.UID, password, 8833);
        SimulatedDevice d = SimulatedDevice.start(SimSettings.builder(dir).name(name).port(0).tls(true)
                .backend(SimSettings.BackendKind.LIGHT).rebootDelayMs(200).build());
        sims.add(d);
        return d;
    }

    /** The real MicroPython interpreter (node); the test is skipped with the reason when it cannot run. */
    SimulatedDevice microPython(String name) throws Exception {
        Path repo = repo();
        Assumptions.assumeTrue(repo != null && Files.isDirectory(repo.resolve("sim/node/node_modules")),
                "sim/node/node_modules missing: run `npm ci` in sim/node (scripts/setup.sh does)");
        Assumptions.assumeTrue(new ProcessBuilder("node", "--version").start().waitFor() == 0, "node not installed");
        Path dir = deviceDir(name);
        SimDevices.prepareDeviceDir(dir, pki, name, SimDevices.UID, SimDevices.PASSWORD, 8833);
        SimulatedDevice d = SimulatedDevice.start(SimSettings.builder(dir).name(name).port(0).tls(true).upydHome(repo)
                .backend(SimSettings.BackendKind.MICROPYTHON).rebootDelayMs(300).build());
        sims.add(d);
        return d;
    }

    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("sim/node"))) {
            p = p.getParent();
        }
        return p;
    }

    FaultProxy proxy(SimulatedDevice d) throws Exception {
        FaultProxy p = FaultProxy.to(d.port());
        proxies.add(p);
        return p;
    }

    /** upydev's wss entry: password:passphrase. */
    static GroupEntry entry(String name, int port) {
        return GroupEntry.of(name, "127.0.0.1:" + port, SimDevices.PASSWORD + ":" + HOST_PASSPHRASE);
    }

    void writeGroup(GroupEntry... entries) throws Exception {
        GroupConfig c = GroupConfig.empty();
        for (GroupEntry e : entries) {
            c = c.with(e);
        }
        c.write(GroupConfig.fileIn(home));
    }

    Daemon startDaemon() throws Exception {
        daemon = new Daemon(DaemonSettings.of(env, new Properties()));
        daemon.start();
        return daemon;
    }

    LocalApiClient client() throws Exception {
        return LocalApiClient.connect(socket);
    }

    DeviceSession session(String name) {
        return daemon.session(name).orElseThrow();
    }

    DeviceSession.Info info(String name) {
        return session(name).info();
    }

    void awaitState(String name, String state, long ms) throws InterruptedException {
        await(name + " " + state, ms, () -> daemon.session(name).map(s -> s.info().state().equals(state)).orElse(false));
    }

    static void await(String what, long timeoutMs, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000L;
    }

    @Override
    public void close() {
        if (daemon != null) {
            daemon.shutdown();
        }
        for (FaultProxy p : proxies) {
            p.close();
        }
        for (SimulatedDevice d : sims) {
            try {
                d.stop();
            } catch (RuntimeException e) {
                // keep stopping the others
            }
        }
    }
}
