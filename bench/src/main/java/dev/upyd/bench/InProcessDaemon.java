package dev.upyd.bench;

import dev.upyd.daemon.Daemon;
import dev.upyd.daemon.DaemonSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** A daemon in the bench JVM (P2, P3) on a bench home and socket, production defaults otherwise. */
final class InProcessDaemon implements AutoCloseable {
    private final Daemon daemon;

    private InProcessDaemon(Daemon daemon) {
        this.daemon = daemon;
    }

    static DaemonSettings settings(Path home, Path socket) {
        return DaemonSettings.of(Map.of("UPYD_HOME", home.toString(), "UPYD_SOCKET", socket.toString(),
                "UPYD_METRICS", "off", "UPYD_LOG_LEVEL", "WARNING"), new Properties());
    }

    static InProcessDaemon start(DaemonSettings settings) throws Exception {
        Files.createDirectories(settings.home());
        Daemon d = new Daemon(settings);
        try {
            d.start();
        } catch (Exception e) {
            d.shutdown();
            throw e;
        }
        return new InProcessDaemon(d);
    }

    Path socket() {
        return daemon.socketPath();
    }

    Daemon daemon() {
        return daemon;
    }

    void awaitOnline(String name, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!DaemonReuseBench.online(daemon, name)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not online within " + timeoutMs + " ms: "
                        + daemon.session(name).map(s -> s.info().toString()).orElse("no session"));
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        daemon.shutdown();
        daemon.terminated().join();
    }
}
