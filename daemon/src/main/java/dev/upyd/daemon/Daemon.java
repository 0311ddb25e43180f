package dev.upyd.daemon;

import dev.upyd.daemon.api.LocalApiServer;
import dev.upyd.daemon.api.SocketLocation;
import dev.upyd.daemon.config.GroupWatcher;
import dev.upyd.daemon.device.DeviceConnector;
import dev.upyd.daemon.device.DeviceSession;
import dev.upyd.daemon.device.DeviceTarget;
import dev.upyd.daemon.device.HostKeyring;
import dev.upyd.daemon.device.LinkException;
import dev.upyd.daemon.metrics.DaemonMetrics;
import dev.upyd.daemon.metrics.MetricsServer;
import dev.upyd.daemon.systemd.SystemdNotifier;
import dev.upyd.protocol.UpydVersion;
import dev.upyd.pki.config.ConfigException;
import dev.upyd.pki.config.GroupConfig;
import dev.upyd.pki.config.GroupEntry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The daemon: one {@link DeviceSession} per device of the global group, kept in line with the group
 * file while running, and the local API on a Unix socket. {@link #start()} and {@link #shutdown()} block
 * (call them from a plain thread: main, a shutdown hook, a test).
 */
public final class Daemon {
    private static final Logger LOG = Logger.getLogger(Daemon.class.getName());

    private final DaemonSettings settings;
    private final Path socketPath;
    private Vertx vertx;
    private HostKeyring keyring;
    private DeviceConnector connector;
    private GroupWatcher watcher;
    private LocalApiServer server;
    private final Map<String, DeviceSession> sessions = new LinkedHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private long pollTimer = -1;
    private long watchdogTimer = -1;
    private DaemonMetrics metrics;
    private MetricsServer metricsServer;
    private volatile int metricsPort = -1;
    private SystemdNotifier notifier;

    public Daemon(DaemonSettings settings) {
        this.settings = settings;
        this.socketPath = SocketLocation.resolve(settings.environment(), settings.get(DaemonSettings.SOCKET));
    }

    public Path socketPath() {
        return socketPath;
    }

    public DaemonSettings settings() {
        return settings;
    }

    /** Reads the configuration, opens the sessions, listens on the socket. Throws with a clear message. */
    public void start() throws Exception {
        settings.validate();
        Path groupFile = GroupConfig.fileIn(settings.home());
        try {
            watcher = GroupWatcher.start(groupFile);
        } catch (ConfigException e) {
            throw new StartupException("cannot start: " + e.getMessage()
                    + " (fix the file, or remove it to start with no devices)");
        }
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
        keyring = new HostKeyring(vertx, settings);
        connector = new DeviceConnector(vertx, settings, keyring);
        server = new LocalApiServer(vertx, this, socketPath);
        metrics = new DaemonMetrics(UpydVersion.value(), server::clientCount,
                () -> sessions().stream().mapToInt(DeviceSession::queued).sum());
        try {
            server.listen();
            Optional<String> metricsAddress = settings.metricsAddress();
            if (metricsAddress.isPresent()) {
                metricsServer = new MetricsServer(vertx, metrics);
                try {
                    metricsPort = metricsServer.start(metricsAddress.get()).await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new StartupException("cannot serve metrics on " + metricsAddress.get() + ": " + e.getMessage()
                            + " (set UPYD_METRICS=HOST:PORT, or off)");
                }
            }
        } catch (Exception e) {
            server.close();
            vertx.close().await(5, TimeUnit.SECONDS);
            throw e;
        }
        reconcile(watcher.current());
        long poll = Math.max(100, settings.getLong(DaemonSettings.CONFIG_POLL));
        pollTimer = vertx.setPeriodic(poll, id -> vertx.executeBlocking(() -> {
            watcher.poll().ifPresent(this::reconcile);
            return null;
        }, false));
        LOG.info("upyd daemon ready on " + socketPath + " with " + sessions.size() + " device(s) from " + groupFile
                + (metricsPort >= 0 ? "; metrics on port " + metricsPort : ""));
        notifier = SystemdNotifier.fromEnvironment(settings.environment());
        notifier.ready(sessions.size() + " device(s) configured; socket " + socketPath);
        long every = notifier.watchdogIntervalMillis();
        if (every > 0) {
            // sent from the event loop: if the loop is wedged, the keep-alives stop and systemd restarts us
            watchdogTimer = vertx.setPeriodic(every, id -> notifier.watchdog());
        }
    }

    /** Brings the sessions in line with the configuration: added, removed and changed entries. */
    public synchronized void reconcile(GroupConfig cfg) {
        if (stopping.get()) {
            return;
        }
        Map<String, DeviceTarget> wanted = new LinkedHashMap<>();
        for (GroupEntry e : cfg.entries()) {
            try {
                wanted.put(e.name(), DeviceTarget.of(e));
            } catch (IllegalArgumentException ex) {
                LOG.warning(watcher.file() + ": device '" + e.name() + "' skipped: " + ex.getMessage());
            }
        }
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, DeviceSession> s : sessions.entrySet()) {
            DeviceTarget t = wanted.get(s.getKey());
            if (t == null || !t.sameAs(s.getValue().target())) {
                gone.add(s.getKey());
            }
        }
        for (String n : gone) {
            DeviceSession s = sessions.remove(n);
            if (!wanted.containsKey(n)) {
                metrics.removeDevice(n);
            }
            LOG.info(n + ": " + (wanted.containsKey(n) ? "configuration changed; reconnecting" : "removed from the group"));
            s.stop();
        }
        Map<String, DeviceSession> ordered = new LinkedHashMap<>();
        for (DeviceTarget t : wanted.values()) {
            DeviceSession s = sessions.get(t.name());
            if (s == null) {
                s = new DeviceSession(vertx, settings, connector, t, metrics.device(t.name()));
                LOG.info(t + ": added");
                s.start();
            }
            ordered.put(t.name(), s);
        }
        sessions.clear();
        sessions.putAll(ordered);
    }

    /** ReloadConfig from a client: re-read now; a corrupt file keeps the running configuration. */
    public String reloadConfig() throws ConfigException {
        GroupConfig c = watcher.reload();
        reconcile(c);
        return sessions.size() + " device(s) configured";
    }

    public synchronized Optional<DeviceSession> session(String name) {
        return Optional.ofNullable(sessions.get(name));
    }

    public synchronized List<DeviceSession> sessions() {
        return List.copyOf(sessions.values());
    }

    /** Resolves a device host name as a connect would (mDNS for .local). */
    public Future<String> resolve(String host) {
        return connector.resolveHost(host);
    }

    /** The port the metrics endpoint listens on, or -1 when switched off. */
    public int metricsPort() {
        return metricsPort;
    }

    public DaemonMetrics metrics() {
        return metrics;
    }

    public HostKeyring keyring() {
        return keyring;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Unlock: checks the passphrase (blocking, PBKDF2) and wakes sessions that waited for it. */
    public void unlock(char[] passphrase) throws LinkException {
        keyring.unlock(passphrase);
        LOG.info("host key unlocked");
        for (DeviceSession s : sessions()) {
            s.retryNow();
        }
    }

    public void lock() {
        keyring.lock();
        LOG.info("host key locked: the passphrase was forgotten (open sessions stay up)");
    }

    /** Counts requests in progress, so that shutdown can wait for them. */
    public AtomicInteger runningRequests() {
        return running;
    }

    public boolean isStopping() {
        return stopping.get();
    }

    /** Completes when the daemon has shut down. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /**
     * Graceful stop: no new connections or requests, running commands get the shutdown grace to
     * finish, then sessions are closed and Vert.x stops. Safe to call more than once, from any
     * non-event-loop thread.
     */
    public void shutdown() {
        if (!stopping.compareAndSet(false, true)) {
            terminated.join();
            return;
        }
        try {
            LOG.info("shutting down" + (running.get() > 0 ? "; waiting for " + running.get() + " running request(s)" : ""));
            if (notifier != null) {
                notifier.stopping();
            }
            if (vertx != null) {
                if (pollTimer >= 0) {
                    vertx.cancelTimer(pollTimer);
                }
                if (watchdogTimer >= 0) {
                    vertx.cancelTimer(watchdogTimer);
                }
                if (server != null) {
                    server.stopAccepting();
                }
                long deadline = System.nanoTime() + settings.getLong(DaemonSettings.SHUTDOWN_GRACE) * 1_000_000L;
                while (running.get() > 0 && System.nanoTime() - deadline < 0) {
                    Thread.sleep(20);
                }
                if (running.get() > 0) {
                    LOG.warning(running.get() + " request(s) still running after the shutdown grace; closing anyway");
                }
                List<Future<Void>> stops = new ArrayList<>();
                for (DeviceSession s : sessions()) {
                    stops.add(s.stop());
                }
                try {
                    Future.join(stops).await(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.fine("sessions did not all close in time: " + e);
                }
                if (server != null) {
                    server.close();
                }
                if (metricsServer != null) {
                    metricsServer.close();
                }
                if (connector != null) {
                    connector.close();
                }
                vertx.close().await(10, TimeUnit.SECONDS);
            }
            LOG.info("stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warning("shutdown: " + e);
        } finally {
            if (notifier != null) {
                notifier.close();
            }
            terminated.complete(null);
        }
    }

    /** A start-up problem the user must fix; the message says what and where. */
    public static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;

        public StartupException(String message) {
            super(message);
        }
    }
}
