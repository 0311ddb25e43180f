package dev.upyd.daemon.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.daemon.Daemon;
import dev.upyd.daemon.DaemonSettings;
import dev.upyd.daemon.api.LocalApiClient;
import dev.upyd.daemon.api.SocketGuard;
import dev.upyd.pki.config.GroupConfig;
import dev.upyd.pki.config.GroupEntry;
import dev.upyd.protocol.api.DeviceInfo;
import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.testkit.SimDevices;
import dev.upyd.sim.testkit.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A hostile device next to a healthy one, real TLS with test-kit certificates, and the daemon either
 * in-process or as a separate JVM with a small heap (the flood tests: the daemon's memory bound is
 * checked by it surviving). Short timeouts so that every failure ends in seconds.
 */
final class HostileRig implements AutoCloseable {
    static final String HOST_PASSPHRASE = "hostphrase";
    static final Duration T = Duration.ofSeconds(20);

    final Path root;
    final Path home;
    final Path socket;
    final TestPki pki = TestPki.create();
    final Map<String, String> env = new HashMap<>();
    private final List<SimulatedDevice> sims = new ArrayList<>();
    Daemon daemon;
    Process process;
    Path processLog;

    HostileRig(Path root) throws Exception {
        this.root = root;
        this.home = Files.createDirectories(root.resolve("home"));
        this.socket = root.resolve("run").resolve("upyd.sock");
        pki.writeCaPem(home.resolve("ROOT_CA_cert.pem"));
        Files.writeString(home.resolve("HOST_cert@74657374.pem"), TestPki.pem(pki.hostCertificate()),
                StandardCharsets.US_ASCII);
        Files.writeString(home.resolve("HOST_key@74657374.pem"), pki.encryptedHostKeyPem(HOST_PASSPHRASE),
                StandardCharsets.US_ASCII);
        env.put("UPYD_HOME", home.toString());
        env.put("UPYD_SOCKET", socket.toString());
        env.put("UPYD_BACKOFF_BASE_MS", "100");
        env.put("UPYD_BACKOFF_CAP_MS", "500");
        env.put("UPYD_RESET_RETRY_MS", "100");
        env.put("UPYD_RESET_WINDOW_MS", "3000");
        env.put("UPYD_LIVENESS_INTERVAL_MS", "1000");
        env.put("UPYD_LIVENESS_DEAD_AFTER_MS", "3000");
        env.put("UPYD_CONNECT_TIMEOUT_MS", "2000");
        env.put("UPYD_TLS_HANDSHAKE_TIMEOUT_MS", "5000");
        env.put("UPYD_LOGIN_TIMEOUT_MS", "5000");
        env.put("UPYD_CANCEL_GRACE_MS", "1500");
        env.put("UPYD_FILE_TIMEOUT_MS", "2000");
        env.put("UPYD_SHUTDOWN_GRACE_MS", "2000");
        env.put("UPYD_CONFIG_POLL_MS", "200");
        env.put("UPYD_METRICS", "off");
    }

    /** A light-backend wss device (the hostile layer sits in front of any backend; light is cheap). */
    SimulatedDevice light(String name) throws Exception {
        SimulatedDevice d = SimDevices.startLight(Files.createDirectories(root.resolve("dev-" + name)), pki, name);
        sims.add(d);
        return d;
    }

    /**
     * The usual scene: a device "evil" (hostile once a test says so) beside a healthy "good", both in the group,
     * and the daemon started, as its own small-heap JVM when {@code ownJvm}. Returns evil.
     */
    SimulatedDevice startEvilBesideGood(boolean ownJvm) throws Exception {
        SimulatedDevice evil = light("evil");
        writeGroup(evil, light("good"));
        if (ownJvm) {
            startDaemonProcess();
        } else {
            startDaemon();
        }
        return evil;
    }

    /**
     * The daemon still serves the healthy device and ListDevices; once honest, the hostile device runs an exec
     * again; a daemon in its own JVM is still alive and never ran out of memory.
     */
    void assertHealthyAndRecovers(LocalApiClient cl, SimulatedDevice evil) throws Exception {
        assertEquals("2\r\n", cl.exec("good", "print(1+1)", T).stdout());
        assertEquals(2, cl.devices(T).size());
        evil.hostile().off();
        awaitOnline(cl, "evil");
        LocalApiClient.Outcome o = cl.exec("evil", "print(1)", T);
        assertEquals(0, o.exitCode(), o.message());
        assertEquals("1\r\n", o.stdout(), o.message());
        if (process != null) {
            assertTrue(process.isAlive());
            assertFalse(log().contains("OutOfMemoryError"), log());
        }
    }

    void writeGroup(SimulatedDevice... devices) throws Exception {
        GroupConfig c = GroupConfig.empty();
        for (SimulatedDevice d : devices) {
            c = c.with(GroupEntry.of(d.name(), "127.0.0.1:" + d.port(), SimDevices.PASSWORD + ":" + HOST_PASSPHRASE));
        }
        c.write(GroupConfig.fileIn(home));
    }

    void startDaemon() throws Exception {
        daemon = new Daemon(DaemonSettings.of(env, new Properties()));
        daemon.start();
    }

    /**
     * The daemon as its own JVM with {@code -Xmx64m} and 64 MiB of direct memory: if a flood made it buffer
     * without bound it would die with OutOfMemoryError instead of passing the test.
     */
    void startDaemonProcess() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        processLog = root.resolve("daemon.log");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx64m", "-XX:MaxDirectMemorySize=64m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), "dev.upyd.daemon.DaemonMain")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(processLog.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("JOURNAL_STREAM", "8:12345");
        process = pb.start();
        await("daemon socket", 30000, () -> !process.isAlive() || SocketGuard.isLive(socket));
        if (!process.isAlive()) {
            throw new IllegalStateException("daemon exited with " + process.exitValue() + ": " + log());
        }
    }

    String log() throws Exception {
        return processLog != null && Files.exists(processLog) ? Files.readString(processLog) : "";
    }

    LocalApiClient client() throws Exception {
        return LocalApiClient.connect(socket);
    }

    /** The device's state as `upyd devices` shows it (works for both kinds of daemon). */
    static String state(LocalApiClient cl, String name) throws Exception {
        for (DeviceInfo i : cl.devices(T)) {
            if (i.name().equals(name)) {
                return i.state();
            }
        }
        return "absent";
    }

    void awaitOnline(LocalApiClient cl, String name) throws Exception {
        await(name + " online", 20000, () -> {
            try {
                return state(cl, name).equals("online");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static void await(String what, long timeoutMs, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            Thread.sleep(25);
        }
    }

    /** Resident set size of the daemon process in kB. */
    long rssKb() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    @Override
    public void close() {
        if (daemon != null) {
            daemon.shutdown();
        }
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
