package dev.upyd.daemon.device;

import dev.upyd.daemon.DaemonSettings;
import dev.upyd.daemon.metrics.DeviceMetrics;
import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.repl.RawReplEntry;
import dev.upyd.protocol.repl.ReplBytes;
import dev.upyd.protocol.webrepl.DeviceVersion;
import dev.upyd.protocol.webrepl.FileRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one persistent session to one configured device: connects, enters the raw REPL, runs queued
 * operations one at a time, probes liveness when idle, and reconnects on any drop (exponential backoff
 * with jitter and a cap; slow retries after an authentication failure; fast retries right after a
 * reset that one of our own operations caused). Everything runs on the session's own Vert.x context;
 * the public methods may be called from any thread.
 */
public final class DeviceSession {
    private static final Logger LOG = Logger.getLogger(DeviceSession.class.getName());

    /** What operations may do with the session. */
    public interface Io {
        void sendText(byte[] b);

        void sendBinary(byte[] b);

        void finished(Operation op, boolean replClean);

        long setTimer(long ms, Runnable r);

        void cancelTimer(long id);

        DaemonSettings settings();

        String deviceName();

        /** Stops (true) or resumes (false) reading from the device: backpressure from a slow client. */
        default void pauseInput(boolean paused) {
        }
    }

    private final Vertx vertx;
    private final Context ctx;
    private final DaemonSettings settings;
    private final DeviceConnector connector;
    private final DeviceTarget target;
    private final Backoff backoff;
    private final Deque<Operation> queue = new ArrayDeque<>();

    // state, written on ctx, read by info() from any thread
    private volatile SessionState state = SessionState.CONNECTING;
    private volatile String lastError = "";
    private volatile long nextRetryAtMillis;
    private volatile long onlineSinceMillis;
    private volatile String firmware = "";
    private volatile String tlsProtocol = "";
    private volatile String cipherSuite = "";
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong sessionsOpened = new AtomicLong();

    private DeviceLink link;
    private Operation current;
    private RawReplEntry entering;
    private long retryTimer = -1;
    private long livenessTimer = -1;
    private long probeSentNanos;
    /** The {@code sysctl start} program while it runs (the context's thread only). */
    private Operation background;
    private String backgroundLabel;
    private boolean probeOutstanding;
    private String deadReason;
    private long resetUntilNanos;
    private boolean stopped;
    private Promise<Void> stoppedPromise;

    private final DeviceMetrics metrics;
    private long currentStartedNanos;

    public DeviceSession(Vertx vertx, DaemonSettings settings, DeviceConnector connector, DeviceTarget target,
            DeviceMetrics metrics) {
        this.metrics = metrics;
        this.vertx = vertx;
        this.ctx = vertx.getOrCreateContext();
        this.settings = settings;
        this.connector = connector;
        this.target = target;
        this.backoff = new Backoff(settings.duration(DaemonSettings.BACKOFF_BASE),
                settings.duration(DaemonSettings.BACKOFF_CAP), settings.getDouble(DaemonSettings.BACKOFF_JITTER),
                new Random());
    }

    private void setState(SessionState s) {
        state = s;
        metrics.state(s.name());
    }

    /** Operations waiting for this device's REPL (not counting the running one). */
    public int queued() {
        return queuedCount;
    }

    private volatile int queuedCount;

    public DeviceTarget target() {
        return target;
    }

    public String name() {
        return target.name();
    }

    public void start() {
        ctx.runOnContext(v -> {
            long period = Math.max(50, Math.min(settings.getLong(DaemonSettings.LIVENESS_INTERVAL),
                    settings.getLong(DaemonSettings.DEAD_AFTER)) / 4);
            livenessTimer = vertx.setPeriodic(period, id -> checkLiveness());
            connect();
        });
    }

    /** Closes the session; queued and running operations fail. */
    public Future<Void> stop() {
        Promise<Void> p = Promise.promise();
        ctx.runOnContext(v -> {
            if (stopped) {
                p.complete();
                return;
            }
            stopped = true;
            setState(SessionState.STOPPED);
            vertx.cancelTimer(livenessTimer);
            cancelRetry();
            LinkException e = new LinkException(LinkException.Kind.NETWORK, target.name() + ": session stopped");
            failQueued(e);
            if (current != null) {
                Operation op = current;
                current = null;
                op.markFinished();
                op.failed(e);
            }
            if (link != null && !link.isClosed()) {
                stoppedPromise = p;
                link.close();
                vertx.setTimer(2000, id -> p.tryComplete());
            } else {
                p.complete();
            }
        });
        return p.future();
    }

    /** Queues an operation; it fails at once if the device is not reachable now. */
    public void submit(Operation op) {
        ctx.runOnContext(v -> enqueue(op, false));
    }

    /**
     * Starts a program that keeps the device's REPL while the daemon answers other clients ({@code sysctl start}):
     * until it ends or {@link #stopBackground} interrupts it, other requests fail at once with the reason instead
     * of waiting behind it for ever. {@code accepted} runs once it is queued; a refusal goes to the operation.
     */
    public void submitBackground(Operation op, String label, Runnable accepted) {
        ctx.runOnContext(v -> {
            clearFinishedBackground();
            if (background != null) {
                op.bind(io);
                op.markFinished();
                op.failed(new LinkException(LinkException.Kind.BUSY, target.name() + " already runs `"
                        + backgroundLabel + "` in the background; stop it first with `upyd sysctl stop`"));
                return;
            }
            if (enqueue(op, false)) {
                background = op;
                backgroundLabel = label;
                accepted.run();
            }
        });
    }

    /** Interrupts the background program, if any (Ctrl-C); then runs {@code next}, its clean-up. */
    public void stopBackground(Operation next) {
        ctx.runOnContext(v -> {
            clearFinishedBackground();
            if (background != null) {
                cancel(background);
            }
            enqueue(next, true);
        });
    }

    private void clearFinishedBackground() {
        if (background != null && background.isFinished()) {
            background = null;
            backgroundLabel = null;
        }
    }

    /** On the context: queues {@code op}, or fails it with the reason; true when queued. */
    private boolean enqueue(Operation op, boolean evenDuringBackground) {
        op.bind(io);
        if (stopped) {
            op.markFinished();
            op.failed(new LinkException(LinkException.Kind.NETWORK, target.name() + ": session stopped"));
            return false;
        }
        if (!acceptsWork()) {
            op.markFinished();
            op.failed(new LinkException(state == SessionState.AUTH_FAILED || state == SessionState.LOCKED
                    ? LinkException.Kind.AUTH : LinkException.Kind.NETWORK, unavailableMessage()));
            return false;
        }
        clearFinishedBackground();
        if (background != null && !evenDuringBackground) {
            op.markFinished();
            op.failed(new LinkException(LinkException.Kind.BUSY, target.name() + " runs `" + backgroundLabel
                    + "` in the background (upyd sysctl start): stop it with `upyd sysctl stop` first"));
            return false;
        }
        queue.add(op);
        queuedCount = queue.size();
        pump();
        return true;
    }

    /** Asks a queued or running operation to stop. */
    public void cancel(Operation op) {
        ctx.runOnContext(v -> {
            if (queue.remove(op)) {
                queuedCount = queue.size();
                op.markFinished();
                op.failed(new LinkException(LinkException.Kind.CANCELLED, "cancelled before it started"));
            } else if (current == op) {
                op.cancel();
            }
        });
    }

    /** Runs {@code r} on the session's context (e.g. attach input from a client). */
    public void execute(Runnable r) {
        ctx.runOnContext(v -> r.run());
    }

    /** Retry now (after `upyd unlock`), unless online or already connecting. */
    public void retryNow() {
        ctx.runOnContext(v -> {
            if (!stopped && (state == SessionState.LOCKED || state == SessionState.AUTH_FAILED
                    || state == SessionState.BACKOFF)) {
                cancelRetry();
                connect();
            }
        });
    }

    public Info info() {
        return new Info(target.name(), target.host() + ":" + target.port(), state.label(), tlsProtocol, cipherSuite,
                onlineSinceMillis, lastError, nextRetryAtMillis, firmware, attempts.get(), sessionsOpened.get());
    }

    /** A snapshot for `upyd devices` and tests. */
    public record Info(String name, String address, String state, String tlsProtocol, String cipherSuite,
            long onlineSinceMillis, String lastError, long nextRetryAtMillis, String firmware, long attempts,
            long sessionsOpened) {
    }

    public SessionState state() {
        return state;
    }

    // ---------------------------------------------------------------- connecting

    private boolean acceptsWork() {
        return state == SessionState.ONLINE || state == SessionState.CONNECTING
                || System.nanoTime() - resetUntilNanos < 0;
    }

    private String unavailableMessage() {
        String s = target.name() + " is " + state.label();
        if (state == SessionState.BACKOFF || state == SessionState.AUTH_FAILED) {
            long in = Math.max(0, nextRetryAtMillis - System.currentTimeMillis());
            s += " (next retry in " + in + " ms)";
        }
        return lastError.isEmpty() ? s : s + ": " + lastError;
    }

    private void connect() {
        if (stopped) {
            return;
        }
        retryTimer = -1;
        setState(SessionState.CONNECTING);
        nextRetryAtMillis = 0;
        attempts.incrementAndGet();
        LOG.fine(() -> target + ": connecting");
        connector.connect(target).onComplete(ar -> {
            if (stopped) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
                return;
            }
            if (ar.failed()) {
                connectFailed(LinkException.of(ar.cause()));
            } else {
                enterRawRepl(ar.result());
            }
        });
    }

    /** After login: interrupt whatever runs and enter the raw REPL once; every exec then starts at its prompt. */
    private void enterRawRepl(DeviceLink l) {
        link = l;
        entering = new RawReplEntry();
        long timer = vertx.setTimer(settings.getLong(DaemonSettings.LOGIN_TIMEOUT), id -> {
            if (link == l && entering != null) {
                entering = null;
                link = null;
                l.close();
                connectFailed(new LinkException(LinkException.Kind.PROTOCOL, "no raw REPL banner after Ctrl-A"));
            }
        });
        l.onClose(() -> linkClosed(l));
        l.listener(new DeviceLink.FrameListener() {
            @Override
            public void text(byte[] payload) {
                onText(l, payload, timer);
            }

            @Override
            public void binary(byte[] payload) {
                onBinary(l, payload);
            }
        });
        l.sendText(ReplBytes.ENTER_RAW.clone());
    }

    private void online(DeviceLink l) {
        entering = null;
        backoff.reset();
        setState(SessionState.ONLINE);
        lastError = "";
        onlineSinceMillis = System.currentTimeMillis();
        tlsProtocol = l.tlsProtocol();
        cipherSuite = l.cipherSuite();
        metrics.connected(sessionsOpened.get() > 0, java.time.Duration.ofNanos(l.connectNanos()));
        if (l.certificateNotAfter() != null) {
            metrics.certificateNotAfter(l.certificateNotAfter());
        }
        sessionsOpened.incrementAndGet();
        LOG.info(target + ": online" + (tlsProtocol.isEmpty() ? " (unencrypted)" : " (" + tlsProtocol + " "
                + cipherSuite + ")"));
        sendProbe(); // learns the firmware version; also proves the file-protocol side works
        pump();
    }

    private void connectFailed(LinkException e) {
        lastError = e.getMessage();
        metrics.connectFailed(e.kind() == LinkException.Kind.AUTH);
        long delay;
        switch (e.kind()) {
            case AUTH -> {
                setState(SessionState.AUTH_FAILED);
                delay = settings.getLong(DaemonSettings.AUTH_RETRY);
                LOG.warning(target + ": authentication failed: " + e.getMessage() + "; retrying in " + delay + " ms");
            }
            case LOCKED -> {
                setState(SessionState.LOCKED);
                delay = settings.getLong(DaemonSettings.AUTH_RETRY);
                LOG.warning(target + ": " + e.getMessage());
            }
            default -> {
                if (System.nanoTime() - resetUntilNanos < 0) {
                    delay = settings.getLong(DaemonSettings.RESET_RETRY);
                } else {
                    delay = backoff.nextDelayMillis();
                }
                setState(SessionState.BACKOFF);
                LOG.log(backoff.failures() <= 1 ? Level.INFO : Level.FINE,
                        () -> target + ": " + e.getMessage() + "; next attempt in " + delay + " ms");
            }
        }
        scheduleRetry(delay); // first: the message below names the next retry time
        if (!acceptsWork()) {
            // a protocol hiccup while connecting is still "unreachable" for a queued request, not internal
            LinkException.Kind kind = e.kind() == LinkException.Kind.AUTH || e.kind() == LinkException.Kind.LOCKED
                    ? e.kind() : LinkException.Kind.NETWORK;
            failQueued(new LinkException(kind, unavailableMessage()));
        }
    }

    private void scheduleRetry(long delay) {
        cancelRetry();
        nextRetryAtMillis = System.currentTimeMillis() + delay;
        retryTimer = vertx.setTimer(Math.max(1, delay), id -> connect());
    }

    private void cancelRetry() {
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
            retryTimer = -1;
        }
    }

    private void linkClosed(DeviceLink l) {
        if (l != link) {
            return;
        }
        link = null;
        probeOutstanding = false;
        boolean wasEntering = entering != null;
        entering = null;
        if (stopped) {
            if (stoppedPromise != null) {
                stoppedPromise.tryComplete();
            }
            return;
        }
        if (current != null) {
            Operation op = current;
            current = null;
            // our own command dropped the connection: almost always a reset (soft reset, machine.reset()),
            // so the board will be back in seconds: retry fast for a while
            resetUntilNanos = System.nanoTime() + settings.getLong(DaemonSettings.RESET_WINDOW) * 1_000_000L;
            op.markFinished();
            if (l.failure() != null) {
                lastError = l.failure();
                op.failed(new LinkException(l.failureIsNetwork() ? LinkException.Kind.NETWORK : LinkException.Kind.PROTOCOL,
                        target.name() + ": connection dropped during " + op.kind() + ": " + l.failure() + "; reconnecting"));
            } else {
                op.failed(new LinkException(LinkException.Kind.NETWORK, target.name()
                        + ": the device closed the connection during " + op.kind()
                        + " (reset?); reconnecting"));
            }
            LOG.info(target + ": connection closed during " + op.kind() + "; reconnecting");
            setState(SessionState.BACKOFF);
            scheduleRetry(settings.getLong(DaemonSettings.RESET_RETRY));
            return;
        }
        onlineSinceMillis = 0;
        String why = deadReason != null ? deadReason
                : l.failure() != null ? l.failure()
                : wasEntering ? "connection closed while entering the raw REPL" : "connection lost";
        deadReason = null;
        connectFailed(new LinkException(LinkException.Kind.NETWORK, why));
    }

    // ---------------------------------------------------------------- frames

    private void onText(DeviceLink l, byte[] payload, long enterTimer) {
        if (l != link) {
            return;
        }
        metrics.received(payload.length);
        if (entering != null) {
            try {
                if (entering.offer(payload)) {
                    vertx.cancelTimer(enterTimer);
                    online(l);
                }
            } catch (ProtocolException e) {
                vertx.cancelTimer(enterTimer);
                protocolError(e);
            }
            return;
        }
        if (current != null) {
            try {
                current.text(payload);
            } catch (ProtocolException e) {
                protocolError(e);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, target + ": " + current.kind() + " failed", e);
                protocolError(new ProtocolException(String.valueOf(e), e));
            }
        } else {
            // nothing runs: output of a background task, or the device's "Concurrent WebREPL connection" notice
            String s = new String(payload, java.nio.charset.StandardCharsets.UTF_8).strip();
            if (s.contains("Concurrent WebREPL connection")) {
                // the board accepts one client: someone else tried to reach it and was turned away
                LOG.warning(target + ": the device reports: " + s);
            } else if (!s.isEmpty()) {
                LOG.fine(() -> target + ": idle output: " + s);
            }
        }
    }

    private void onBinary(DeviceLink l, byte[] payload) {
        if (l != link) {
            return;
        }
        metrics.received(payload.length);
        if (probeOutstanding && payload.length == DeviceVersion.LENGTH
                && (current == null || !current.usesBinary())) {
            probeOutstanding = false;
            metrics.probe(java.time.Duration.ofNanos(System.nanoTime() - probeSentNanos));
            try {
                firmware = DeviceVersion.decode(payload).toString();
            } catch (ProtocolException e) {
                LOG.fine(() -> target + ": odd GET_VER reply: " + e.getMessage());
            }
            pump();
            return;
        }
        if (current != null) {
            try {
                current.binary(payload);
            } catch (ProtocolException e) {
                protocolError(e);
            }
        }
    }

    private void protocolError(ProtocolException e) {
        LOG.warning(target + ": protocol error: " + e.getMessage() + "; reconnecting");
        lastError = e.getMessage();
        if (current != null) {
            Operation op = current;
            current = null;
            op.markFinished();
            op.failed(new LinkException(LinkException.Kind.PROTOCOL, e.getMessage(), e));
        }
        if (link != null) {
            link.close(); // linkClosed() schedules the reconnect
        }
    }

    // ---------------------------------------------------------------- queue

    private void pump() {
        if (current != null || link == null || entering != null || state != SessionState.ONLINE) {
            return;
        }
        Operation next = queue.peek();
        if (next == null || (probeOutstanding && next.usesBinary())) {
            return; // a file transfer waits for the probe's answer: both use the binary channel
        }
        Operation op = queue.poll();
        queuedCount = queue.size();
        current = op;
        currentStartedNanos = System.nanoTime();
        try {
            op.start();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, target + ": " + op.kind() + " could not start", e);
            current = null;
            op.markFinished();
            op.failed(new LinkException(LinkException.Kind.PROTOCOL, String.valueOf(e.getMessage()), e));
            pump();
        }
    }

    private void failQueued(LinkException e) {
        Operation op;
        while ((op = queue.poll()) != null) {
            queuedCount = queue.size();
            op.markFinished();
            op.failed(e);
        }
    }

    private final Io io = new Io() {
        @Override
        public void sendText(byte[] b) {
            if (link != null) {
                metrics.sent(b.length);
                link.sendText(b);
            }
        }

        @Override
        public void sendBinary(byte[] b) {
            if (link != null) {
                metrics.sent(b.length);
                link.sendBinary(b);
            }
        }

        @Override
        public void finished(Operation op, boolean replClean) {
            if (current != op) {
                return;
            }
            current = null;
            io.pauseInput(false); // whatever the operation did, the next one reads
            metrics.command(op.metricKind(), java.time.Duration.ofNanos(System.nanoTime() - currentStartedNanos));
            if (op.completedTransferBytes() > 0) {
                metrics.fileTransfer("put".equals(op.kind()), op.completedTransferBytes());
            }
            if (!replClean && link != null) {
                LOG.info(target + ": REPL state unknown after " + op.kind() + "; reconnecting");
                resetUntilNanos = System.nanoTime() + settings.getLong(DaemonSettings.RESET_WINDOW) * 1_000_000L;
                link.close();
                return;
            }
            pump();
        }

        @Override
        public long setTimer(long ms, Runnable r) {
            return vertx.setTimer(Math.max(1, ms), id -> r.run());
        }

        @Override
        public void cancelTimer(long id) {
            vertx.cancelTimer(id);
        }

        @Override
        public DaemonSettings settings() {
            return settings;
        }

        @Override
        public String deviceName() {
            return target.name();
        }

        @Override
        public void pauseInput(boolean paused) {
            if (link != null) {
                link.socket().channelHandlerContext().channel().config().setAutoRead(!paused);
            }
        }
    };

    // ---------------------------------------------------------------- liveness

    /**
     * Devices never answer WebSocket pings, so an idle session sends GET_VER (a file-protocol request
     * with a 3-byte answer and no side effects on a running program); no frame at all for the dead-after
     * time after a probe means the device (or the network) is gone.
     */
    private void checkLiveness() {
        if (link == null || state != SessionState.ONLINE) {
            return;
        }
        long now = System.nanoTime();
        if (probeOutstanding) {
            long waited = (now - Math.max(probeSentNanos, link.lastHeardNanos())) / 1_000_000L;
            if (waited >= settings.getLong(DaemonSettings.DEAD_AFTER)) {
                LOG.warning(target + ": no answer to the liveness probe for " + waited
                        + " ms; declaring the session dead");
                deadReason = "no answer to the liveness probe for " + waited + " ms";
                link.close();
            }
            return;
        }
        long silentMs = (now - link.lastHeardNanos()) / 1_000_000L;
        if (silentMs >= settings.getLong(DaemonSettings.LIVENESS_INTERVAL)
                && (current == null || current.allowsProbe())) {
            sendProbe();
        }
    }

    private void sendProbe() {
        if (link == null) {
            return;
        }
        probeOutstanding = true;
        probeSentNanos = System.nanoTime();
        byte[] probe = FileRequest.getVersion().encode();
        metrics.sent(probe.length);
        link.sendBinary(probe);
    }
}
