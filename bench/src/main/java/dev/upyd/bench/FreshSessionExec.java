package dev.upyd.bench;

import dev.upyd.daemon.DaemonSettings;
import dev.upyd.daemon.device.DeviceConnector;
import dev.upyd.daemon.device.DeviceSession;
import dev.upyd.daemon.device.DeviceTarget;
import dev.upyd.daemon.device.ExecOperation;
import dev.upyd.daemon.device.HostKeyring;
import dev.upyd.daemon.device.OutputSink;
import dev.upyd.daemon.metrics.DaemonMetrics;
import dev.upyd.daemon.metrics.DeviceMetrics;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The P2 baseline, upydev's way: every command opens its own connection (TCP + TLS 1.2 with mutual
 * certificates + WebSocket upgrade + WebREPL login + raw REPL entry), runs, and closes. It uses the
 * daemon's own code (a fresh {@link DeviceSession} over {@link DeviceConnector}) so that the only
 * difference measured is the reuse of the session, not two implementations of the protocol.
 * <p>With {@code freshTls} (upydev's way: a new process per command) every command also gets a new
 * {@link HostKeyring}, i.e. host key read and decrypted again and a new TLS client context with an empty
 * session cache, so the handshake is a full one. Without it, the TLS client is kept between commands and
 * BCJSSE may resume the previous TLS session (abbreviated handshake): a cheaper, less faithful baseline.
 */
final class FreshSessionExec implements AutoCloseable {
    record Outcome(int exitCode, String stdout, String message) {
    }

    private final Vertx vertx;
    private final DaemonSettings settings;
    private final DeviceConnector sharedConnector;
    private final DeviceMetrics metrics;
    private final DeviceTarget target;
    private final boolean freshTls;

    FreshSessionExec(DaemonSettings settings, DeviceTarget target, boolean freshTls) {
        this.vertx = Vertx.vertx();
        this.settings = settings;
        this.target = target;
        this.freshTls = freshTls;
        this.sharedConnector = freshTls ? null : new DeviceConnector(vertx, settings, new HostKeyring(vertx, settings));
        this.metrics = new DaemonMetrics("bench", () -> 0, () -> 0).device(target.name());
    }

    /** One command on its own session; returns once the session is closed again. */
    Outcome exec(String code, long timeoutMs) throws Exception {
        HostKeyring keyring = freshTls ? new HostKeyring(vertx, settings) : null;
        DeviceConnector connector = freshTls ? new DeviceConnector(vertx, settings, keyring) : sharedConnector;
        DeviceSession session = new DeviceSession(vertx, settings, connector, target, metrics);
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        session.start();
        session.submit(new ExecOperation(code.getBytes(StandardCharsets.UTF_8), new OutputSink() {
            @Override
            public void stdout(byte[] b) {
                out.writeBytes(b);
            }

            @Override
            public void stderr(byte[] b) {
            }

            @Override
            public void result(int exitCode, String message) {
                done.complete(new Outcome(exitCode, out.toString(StandardCharsets.UTF_8), message));
            }
        }));
        try {
            return done.get(timeoutMs, TimeUnit.MILLISECONDS);
        } finally {
            session.stop().toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
            if (freshTls) {
                connector.close();
                keyring.tlsClient(target.passphrase()).close(); // the per-command TLS client, as a process exit would
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (sharedConnector != null) {
            sharedConnector.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
