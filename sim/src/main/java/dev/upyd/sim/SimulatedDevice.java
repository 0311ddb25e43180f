package dev.upyd.sim;

import dev.upyd.pki.Providers;
import dev.upyd.pki.TlsMaterial;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import dev.upyd.sim.backend.LightBackend;
import dev.upyd.sim.backend.MicroPythonBackend;
import dev.upyd.sim.backend.ReplBackend;
import io.netty.channel.ChannelOption;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One simulated MicroPython board: a WebREPL (ws) or upydev WebSecureREPL (wss) server on 127.0.0.1
 * with a REPL backend behind it, one client at a time, resets that drop the client and make the device
 * unreachable for the reboot delay. For in-process tests:
 *
 * <pre>{@code
 * try (SimulatedDevice dev = SimulatedDevice.start(SimSettings.builder(dir).port(0)
 *         .backend(SimSettings.BackendKind.LIGHT).password("testpass").rebootDelayMs(200).build())) {
 *     connect to dev.url() ...; dev.stats().loginsOk() ...
 * }
 * }</pre>
 *
 * The blocking methods ({@link #start}, {@link #restart}, {@link #stop}) must not be called on a Vert.x
 * event-loop thread.
 */
public final class SimulatedDevice implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SimulatedDevice.class.getName());
    private static final long START_TIMEOUT_MS = 30_000;

    private enum Phase { RUNNING, REBOOTING, STOPPED }

    private final SimSettings settings;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final Context context;
    private final Path root;
    private final String uid;
    private final String password;
    private final DeviceCounters counters;
    private final dev.upyd.sim.hostile.HostileControl hostile;
    private volatile SslContext sslContext;
    private ReplBackend backend;
    private NetServer server;
    private volatile int port;
    private volatile Phase phase = Phase.REBOOTING;
    private DeviceSession current;
    private boolean stalled;
    private CompletableFuture<Void> listening = new CompletableFuture<>();
    private Consumer<String> console = s -> { };
    private final CompletableFuture<Void> firstReady = new CompletableFuture<>();

    private SimulatedDevice(SimSettings settings, Vertx vertx, boolean ownsVertx) throws SimException {
        this.settings = settings;
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.root = settings.deviceDir().toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new SimException("device folder " + root + " does not exist (it is the device's flash '/')");
        }
        this.uid = DeviceFiles.uid(root, settings.uid());
        this.password = DeviceFiles.password(root, settings.password());
        this.sslContext = settings.tls() ? serverSsl(DeviceFiles.tls(root, uid, settings.name())) : null;
        this.counters = new DeviceCounters(settings.name());
        this.hostile = new dev.upyd.sim.hostile.HostileControl(settings.hostile());
        this.context = vertx.getOrCreateContext();
    }

    /** Starts a device with its own Vert.x instance; returns when it accepts connections. */
    public static SimulatedDevice start(SimSettings settings) throws SimException {
        Vertx vertx = Vertx.vertx();
        try {
            return start(settings, vertx, true);
        } catch (SimException | RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** Starts a device on a shared Vert.x instance (many devices per JVM); the caller closes {@code vertx}. */
    public static SimulatedDevice start(SimSettings settings, Vertx vertx) throws SimException {
        return start(settings, vertx, false);
    }

    private static SimulatedDevice start(SimSettings settings, Vertx vertx, boolean owns) throws SimException {
        SimulatedDevice d = new SimulatedDevice(settings, vertx, owns);
        try {
            d.boot();
        } catch (SimException | RuntimeException e) {
            d.stop();
            throw e;
        }
        return d;
    }

    private void boot() throws SimException {
        context.runOnContext(v -> {
            try {
                backend = createBackend();
                backend.start(new BackendEvents());
            } catch (Exception e) {
                firstReady.completeExceptionally(e);
            }
        });
        // the board's WebREPL comes up after boot.py, i.e. once the interpreter is at its prompt
        await(firstReady, "start of the " + settings.backend().name().toLowerCase(java.util.Locale.ROOT) + " backend",
                settings.nodeReadyTimeoutMs());
        CompletableFuture<Void> started = new CompletableFuture<>();
        context.runOnContext(v -> listen(settings.port(), started));
        await(started, "start");
    }

    private ReplBackend createBackend() throws SimException {
        byte[] uidBytes = HexFormat.of().parseHex(uid);
        return switch (settings.backend()) {
            case LIGHT -> new LightBackend(root, uidBytes, settings.rawPasteWindow(), settings.fatRename(), (ms, task) -> {
                long id = vertx.setTimer(Math.max(1, ms), t -> task.run());
                return () -> vertx.cancelTimer(id);
            });
            case MICROPYTHON -> new MicroPythonBackend(settings, root, uid);
        };
    }

    private void listen(int wanted, CompletableFuture<Void> done) {
        NetServerOptions opts = new NetServerOptions().setHost(settings.host()).setPort(wanted)
                // TLS is added per connection by DeviceSession, so that the device turns a concurrent
                // client away before the handshake, as wss_repl.py does, and counts handshakes
                .setSsl(false)
                .setTcpNoDelay(true);
        NetServer s = vertx.createNetServer(opts);
        s.connectHandler(this::accepted);
        s.listen().onComplete(ar -> {
            if (ar.succeeded()) {
                server = s;
                port = s.actualPort();
                phase = Phase.RUNNING;
                listening.complete(null);
                done.complete(null);
            } else {
                done.completeExceptionally(new SimException("device " + settings.name() + " cannot listen on "
                        + settings.host() + ":" + wanted + ": " + ar.cause().getMessage(), ar.cause()));
            }
        });
    }

    /**
     * TLS 1.2 server context on BCJSSE (the only JSSE with CCM_8) with a board's mbedTLS suites and preference
     * order ({@link MbedTlsSuites}; DeviceSession makes the server's order decide), client certificate required
     * and verified against ROOT_CA_cert.pem.
     */
    private static SslContext serverSsl(DeviceFiles.TlsIdentity id) throws SimException {
        try {
            TlsMaterial t = TlsMaterial.of(id.key(), List.of(id.certificate()), id.anchors());
            return SslContextBuilder.forServer(t.identity())
                    .sslProvider(SslProvider.JDK)
                    .sslContextProvider(Providers.BCJSSE)
                    .protocols(TlsMaterial.PROTOCOL)
                    .ciphers(MbedTlsSuites.SERVER_PREFERENCE)
                    .trustManager(t.trustManagers())
                    .clientAuth(io.netty.handler.ssl.ClientAuth.REQUIRE)
                    .build();
        } catch (SSLException | GeneralSecurityException e) {
            throw new SimException("cannot build the device's TLS context: " + e.getMessage(), e);
        }
    }

    private void accepted(NetSocket so) {
        NetSocketInternal s = (NetSocketInternal) so;
        counters.inc(counters.connectionsAccepted);
        if (phase != Phase.RUNNING) {
            s.close();
            return;
        }
        if (current != null) {
            // webrepl.py: the newcomer is closed at once (a board's lwIP answers with RST) and the console,
            // that is the active WebREPL session, reports it
            counters.inc(counters.concurrentRejected);
            SocketAddress ra = s.remoteAddress();
            String notice = "\r\nConcurrent WebREPL connection from ('" + ra.hostAddress() + "', " + ra.port()
                    + ") rejected\r\n";
            current.replOutput(notice.getBytes(StandardCharsets.US_ASCII));
            s.channelHandlerContext().channel().config().setOption(ChannelOption.SO_LINGER, 0);
            s.close();
            return;
        }
        DeviceSession session = new DeviceSession(this, s);
        current = session;
        session.begin(sslContext, settings.tlsHandshakeTimeoutMs());
        if (stalled) {
            session.setStalled(true);
        }
    }

    // ---- called by DeviceSession (event loop) ----

    SimSettings settings() {
        return settings;
    }

    Path root() {
        return root;
    }

    String password() {
        return password;
    }

    byte[] backendVersion() {
        return backend.version();
    }

    void countFileOp() {
        counters.inc(counters.fileOps);
    }

    void countTls(boolean ok) {
        counters.inc(ok ? counters.tlsHandshakesCompleted : counters.tlsHandshakesFailed);
    }

    void countLogin(boolean ok) {
        counters.inc(ok ? counters.loginsOk : counters.loginsDenied);
    }

    void typed(byte[] bytes) {
        backend.write(bytes);
    }

    void sessionEnded(DeviceSession s) {
        if (current == s) {
            current = null;
        }
    }

    /** Backend events arrive on any thread; everything is handled on the device's event loop, in order. */
    private final class BackendEvents implements ReplBackend.Listener {
        @Override
        public void output(byte[] bytes) {
            context.runOnContext(v -> {
                if (current != null) {
                    current.replOutput(bytes);
                }
            });
        }

        @Override
        public void ready() {
            firstReady.complete(null);
            console.accept("ready");
        }

        @Override
        public void softReset() {
            context.runOnContext(v -> reboot("soft reset"));
        }

        @Override
        public void hardReset(String reason) {
            context.runOnContext(v -> reboot("hard reset: " + reason));
        }

        @Override
        public void info(String message) {
            LOG.fine(() -> settings.name() + ": " + message);
            console.accept(message);
        }

        @Override
        public void error(String message) {
            firstReady.completeExceptionally(new SimException(settings.name() + ": backend failed: " + message));
            LOG.warning(() -> settings.name() + ": " + message);
            console.accept("error " + message);
        }
    }

    /** Drops the client, stops listening, and listens again after the reboot delay (boot.py restarting WebREPL). */
    private void reboot(String why) {
        if (phase != Phase.RUNNING) {
            return;
        }
        LOG.fine(() -> settings.name() + ": " + why);
        counters.inc(counters.resets);
        phase = Phase.REBOOTING;
        listening = new CompletableFuture<>();
        if (current != null) {
            current.close();
            current = null;
        }
        NetServer s = server;
        server = null;
        int keepPort = port;
        s.close().onComplete(ar -> vertx.setTimer(Math.max(1, settings.rebootDelayMs()), t -> {
            if (phase == Phase.STOPPED) {
                return;
            }
            reloadTls();
            listen(keepPort, new CompletableFuture<>() {
                @Override
                public boolean completeExceptionally(Throwable ex) {
                    LOG.log(Level.WARNING, settings.name() + ": cannot listen again after reset", ex);
                    return super.completeExceptionally(ex);
                }
            });
        }));
    }

    /** A board reads its key files at every boot: new certificates take effect after a reset. */
    private void reloadTls() {
        if (settings.tls()) {
            try {
                sslContext = serverSsl(DeviceFiles.tls(root, uid, settings.name()));
            } catch (SimException e) {
                LOG.warning(() -> settings.name() + ": keeping the previous TLS material: " + e.getMessage());
            }
        }
    }

    // ---- public API ----

    public String name() {
        return settings.name();
    }

    /** The port the device listens on (the actual one when started with port 0); kept across resets. */
    public int port() {
        return port;
    }

    /** {@code wss://127.0.0.1:PORT} or {@code ws://127.0.0.1:PORT}. */
    public String url() {
        return (settings.tls() ? "wss://" : "ws://") + settings.host() + ":" + port;
    }

    /** machine.unique_id() as lowercase hex. */
    public String uid() {
        return uid;
    }

    public Path deviceDir() {
        return root;
    }

    public SimSettings settingsSnapshot() {
        return settings;
    }

    public DeviceStats stats() {
        return counters.snapshot();
    }

    /** True while the device is up and accepting (false during the reboot delay and after stop). */
    public boolean isListening() {
        return phase == Phase.RUNNING;
    }

    /** True while a client is connected (in any phase from TCP accept on). */
    public boolean hasClient() {
        return call(() -> current != null);
    }

    /** True while a client is connected and logged in. */
    public boolean hasLoggedInClient() {
        return call(() -> current != null && current.loggedIn());
    }

    /**
     * Freezes the open connection (and any later one) without closing it: no input is read, no output
     * is sent (it is held and delivered when unfrozen), like a board stuck in a blocking call.
     */
    public void setStalled(boolean on) {
        run(() -> {
            stalled = on;
            if (current != null) {
                current.setStalled(on);
            }
        });
    }

    /**
     * The attacks this device makes (issue #9 "Hostile input"), switchable at run time from any thread:
     * {@code hostile().set(HostileMode.FLOOD)}, {@code hostile().off()}. Starts with {@link SimSettings#hostile()}.
     */
    public dev.upyd.sim.hostile.HostileControl hostile() {
        return hostile;
    }

    /** Drops the current client's TCP connection, as a lost WiFi link would; the device keeps running. */
    public void dropClient() {
        run(() -> {
            if (current != null) {
                current.close();
            }
        });
    }

    /** Hard-resets the device (machine.reset()): drops the client, reboots the interpreter, re-reads the
     * key files, and returns once it accepts again (after the reboot delay). */
    public void restart() throws SimException {
        CompletableFuture<CompletableFuture<Void>> next = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (phase == Phase.STOPPED) {
                next.completeExceptionally(new SimException("device " + name() + " is stopped"));
                return;
            }
            if (phase == Phase.RUNNING) {
                reboot("restart()");
                backend.hardReset();
            }
            next.complete(listening);
        });
        await(await(next, "restart"), "restart");
    }

    /** Waits until the device accepts connections again (after a soft reset, machine.reset() or restart()). */
    public void awaitListening(long timeoutMs) throws SimException {
        CompletableFuture<CompletableFuture<Void>> f = new CompletableFuture<>();
        context.runOnContext(v -> f.complete(listening));
        try {
            f.get(timeoutMs, TimeUnit.MILLISECONDS).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimException("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new SimException("device " + name() + " did not come back within " + timeoutMs + " ms", e);
        }
    }

    /** Receives backend console lines ("ready", info messages) for the launcher; default: ignored. */
    public void onConsole(Consumer<String> sink) {
        console = sink;
    }

    /** Stops listening, drops the client and kills the backend. Idempotent. */
    public void stop() {
        if (phase == Phase.STOPPED) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            phase = Phase.STOPPED;
            if (current != null) {
                current.close();
                current = null;
            }
            if (backend != null) {
                backend.close();
            }
            NetServer s = server;
            server = null;
            if (s != null) {
                s.close().onComplete(ar -> done.complete(null));
            } else {
                done.complete(null);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.FINE, "stop", e);
        }
        if (ownsVertx) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.log(Level.FINE, "vertx close", e);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    void onStatsChange(Runnable r) {
        counters.onChange(r);
    }

    @Override
    public String toString() {
        return "SimulatedDevice[" + name() + " " + url() + " " + phase + "]";
    }

    private void run(Runnable r) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                r.run();
                f.complete(null);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("device " + name() + ": " + e.getMessage(), e);
        }
    }

    private <T> T call(java.util.function.Supplier<T> s) {
        CompletableFuture<T> f = new CompletableFuture<>();
        context.runOnContext(v -> f.complete(s.get()));
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("device " + name() + ": " + e.getMessage(), e);
        }
    }

    private static <T> T await(CompletableFuture<T> f, String what) throws SimException {
        return await(f, what, START_TIMEOUT_MS);
    }

    private static <T> T await(CompletableFuture<T> f, String what, long timeoutMs) throws SimException {
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimException(what + " interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SimException se) {
                throw se;
            }
            throw new SimException(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new SimException(what + " did not finish within " + timeoutMs + " ms");
        }
    }
}
