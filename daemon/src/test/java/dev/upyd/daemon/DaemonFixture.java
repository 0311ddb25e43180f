package dev.upyd.daemon;

import dev.upyd.daemon.api.LocalApiClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/** An in-process daemon on a temporary home and socket, with short timeouts; closed by the test. */
final class DaemonFixture implements AutoCloseable {
    final Path home;
    final Path socket;
    final Map<String, String> env = new HashMap<>();
    Daemon daemon;

    DaemonFixture(Path home, Path runDir) {
        this.home = home;
        this.socket = runDir.resolve("upyd").resolve("upyd.sock");
        env.put("UPYD_HOME", home.toString());
        env.put("UPYD_SOCKET", socket.toString());
        // short everything: tests must not wait for production defaults
        env.put("UPYD_BACKOFF_BASE_MS", "100");
        env.put("UPYD_BACKOFF_CAP_MS", "800");
        env.put("UPYD_AUTH_RETRY_MS", "2000");
        env.put("UPYD_RESET_RETRY_MS", "100");
        env.put("UPYD_LIVENESS_INTERVAL_MS", "500");
        env.put("UPYD_LIVENESS_DEAD_AFTER_MS", "1500");
        env.put("UPYD_CONNECT_TIMEOUT_MS", "2000");
        env.put("UPYD_TLS_HANDSHAKE_TIMEOUT_MS", "3000");
        env.put("UPYD_LOGIN_TIMEOUT_MS", "3000");
        env.put("UPYD_CANCEL_GRACE_MS", "1500");
        env.put("UPYD_FILE_TIMEOUT_MS", "5000");
        env.put("UPYD_SHUTDOWN_GRACE_MS", "3000");
        env.put("UPYD_CONFIG_POLL_MS", "200");
        env.put("UPYD_METRICS", "off"); // tests that want metrics ask for 127.0.0.1:0
    }

    DaemonFixture set(String envName, String value) {
        env.put(envName, value);
        return this;
    }

    DaemonSettings settings() {
        return DaemonSettings.of(env, new Properties());
    }

    Daemon start() throws Exception {
        Files.createDirectories(home);
        daemon = new Daemon(settings());
        daemon.start();
        return daemon;
    }

    LocalApiClient client() throws Exception {
        return LocalApiClient.connect(socket);
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

    @Override
    public void close() {
        if (daemon != null) {
            daemon.shutdown();
        }
    }
}
