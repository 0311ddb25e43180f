package dev.upyd.daemon.api;

import dev.upyd.daemon.Daemon;
import dev.upyd.daemon.DaemonSettings;
import dev.upyd.daemon.device.AttachOperation;
import dev.upyd.daemon.device.DeviceSession;
import dev.upyd.daemon.device.ExecOperation;
import dev.upyd.daemon.device.FileSink;
import dev.upyd.daemon.device.FriendlyExecOperation;
import dev.upyd.daemon.device.GetOperation;
import dev.upyd.daemon.device.LinkException;
import dev.upyd.daemon.device.Operation;
import dev.upyd.daemon.device.OutputSink;
import dev.upyd.daemon.device.PingOperation;
import dev.upyd.daemon.device.PutOperation;
import dev.upyd.daemon.device.ResultCodes;
import dev.upyd.pki.config.ConfigException;
import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.UpydVersion;
import dev.upyd.protocol.api.Attach;
import dev.upyd.protocol.api.Cancel;
import dev.upyd.protocol.api.Data;
import dev.upyd.protocol.api.Detach;
import dev.upyd.protocol.api.DeviceInfo;
import dev.upyd.protocol.api.DeviceList;
import dev.upyd.protocol.api.ErrorReply;
import dev.upyd.protocol.api.Exec;
import dev.upyd.protocol.api.FileHeader;
import dev.upyd.protocol.api.GetFile;
import dev.upyd.protocol.api.Hello;
import dev.upyd.protocol.api.HelloOk;
import dev.upyd.protocol.api.Input;
import dev.upyd.protocol.api.ListDevices;
import dev.upyd.protocol.api.Lock;
import dev.upyd.protocol.api.Message;
import dev.upyd.protocol.api.MessageCodec;
import dev.upyd.protocol.api.MessageDecoder;
import dev.upyd.protocol.api.Output;
import dev.upyd.protocol.api.Ping;
import dev.upyd.protocol.api.Progress;
import dev.upyd.protocol.api.PutFile;
import dev.upyd.protocol.api.ReloadConfig;
import dev.upyd.protocol.api.Resolve;
import dev.upyd.protocol.api.Result;
import dev.upyd.protocol.api.Shutdown;
import dev.upyd.protocol.api.Unlock;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One local API client. Requests are identified by the client's ids; several may run at once
 * (different devices, or queued on one). A client that goes away gets its running commands
 * interrupted (Ctrl-C) and its shell detached, so the device stays usable. Bad input gets an
 * ErrorReply and the connection is closed; nothing a client sends can stop the daemon.
 */
final class ClientConnection {
    private static final Logger LOG = Logger.getLogger(ClientConnection.class.getName());
    /** GET data is batched up to this size per Data message. */
    private static final int DATA_BATCH = 16 * 1024;

    private final Daemon daemon;
    private final NetSocket so;
    private final Consumer<ClientConnection> onClosed;
    private final MessageDecoder decoder = new MessageDecoder();
    private boolean hello;
    private volatile boolean closed;
    private volatile boolean gone;
    /** DaemonSettings.CLIENT_MAX_UNREAD and CLIENT_PAUSE_AT, read once. */
    private final int maxUnread;
    private final long pauseOutputAt;
    private volatile boolean accepting = true;
    /** Running requests by id: the session and operation, for Cancel/Detach/Input and client loss. */
    private final Map<Integer, Running> running = new ConcurrentHashMap<>();
    private final Map<Integer, Upload> uploads = new ConcurrentHashMap<>();

    private record Running(DeviceSession session, Operation op) {
    }

    ClientConnection(Daemon daemon, NetSocket so, Consumer<ClientConnection> onClosed) {
        this.daemon = daemon;
        this.so = so;
        this.onClosed = onClosed;
        // a client that stops reading must not make the daemon buffer without bound: beyond this it is
        // dropped (its commands are then interrupted like those of a client that went away)
        this.maxUnread = (int) Math.min(Integer.MAX_VALUE, daemon.settings().getLong(DaemonSettings.CLIENT_MAX_UNREAD));
        this.pauseOutputAt = daemon.settings().getLong(DaemonSettings.CLIENT_PAUSE_AT);
        so.setWriteQueueMaxSize(maxUnread);
        so.handler(this::onBytes);
        so.closeHandler(v -> clientGone());
        so.exceptionHandler(t -> LOG.fine(() -> "local API client error: " + t));
        // a connection that never says Hello (or stops mid-frame) must not hold one of the max.clients slots
        long helloMs = daemon.settings().getLong(DaemonSettings.API_HELLO_TIMEOUT);
        helloTimer = daemon.vertx().setTimer(Math.max(1, helloMs), id -> {
            if (!hello && !closed) {
                badClient(ErrorReply.BAD_MESSAGE, "no Hello within " + helloMs + " ms");
            }
        });
    }

    private final long helloTimer;

    private void onBytes(Buffer buf) {
        if (closed) {
            return;
        }
        byte[] b = buf.getBytes();
        try {
            decoder.offer(b, 0, b.length, this::onMessage);
        } catch (ProtocolException e) {
            String m = String.valueOf(e.getMessage());
            badClient(m.contains("exceeds") ? ErrorReply.TOO_LARGE : ErrorReply.BAD_MESSAGE, m);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "local API request failed", e);
            badClient(ErrorReply.INTERNAL, "internal error: " + e);
        }
    }

    private void badClient(int code, String message) {
        LOG.info("closing a local API connection: " + message);
        send(new ErrorReply(0, code, message));
        closed = true;
        so.end().onComplete(ar -> so.close());
    }

    private void onMessage(Message m) {
        if (closed) {
            return;
        }
        if (!hello) {
            if (!(m instanceof Hello h)) {
                throw new ProtocolException("the first message must be Hello, got " + m.getClass().getSimpleName());
            }
            if (h.protocolVersion() != MessageCodec.PROTOCOL_VERSION) {
                send(new ErrorReply(h.requestId(), ErrorReply.UNSUPPORTED_VERSION, "this daemon speaks protocol "
                        + MessageCodec.PROTOCOL_VERSION + ", the client " + h.protocolVersion()
                        + ": use the same upyd version for both"));
                closed = true;
                so.end().onComplete(ar -> so.close());
                return;
            }
            hello = true;
            daemon.vertx().cancelTimer(helloTimer);
            send(new HelloOk(h.requestId(), MessageCodec.PROTOCOL_VERSION, UpydVersion.value()));
            return;
        }
        if (m instanceof Hello h) {
            send(new ErrorReply(h.requestId(), ErrorReply.BAD_MESSAGE, "Hello was already sent"));
        } else if (m instanceof ListDevices l) {
            send(new DeviceList(l.requestId(), devices()));
        } else if (m instanceof Exec e) {
            exec(e);
        } else if (m instanceof PutFile p) {
            putFile(p);
        } else if (m instanceof Data d) {
            data(d);
        } else if (m instanceof GetFile g) {
            getFile(g);
        } else if (m instanceof Attach a) {
            attach(a);
        } else if (m instanceof Input in) {
            Running r = running.get(in.requestId());
            if (r != null && r.op() instanceof AttachOperation att) {
                byte[] data = in.data();
                r.session().execute(() -> att.input(data));
            } else {
                send(new ErrorReply(in.requestId(), ErrorReply.BAD_MESSAGE, "Input for a request that is not an attached shell"));
            }
        } else if (m instanceof Detach d) {
            Running r = running.get(d.requestId());
            if (r != null) {
                r.session().cancel(r.op());
            }
        } else if (m instanceof Cancel c) {
            Running r = running.get(c.targetRequestId());
            if (r != null) {
                r.session().cancel(r.op());
            }
            Upload u = uploads.remove(c.targetRequestId());
            if (u != null) {
                finishRequest(c.targetRequestId(), ResultCodes.INTERRUPTED, "cancelled");
            }
        } else if (m instanceof Unlock u) {
            unlock(u);
        } else if (m instanceof Lock l) {
            daemon.lock();
            send(new Result(l.requestId(), ResultCodes.OK, "locked"));
        } else if (m instanceof ReloadConfig r) {
            reload(r);
        } else if (m instanceof Resolve r) {
            daemon.resolve(r.host()).onComplete(ar -> send(ar.succeeded()
                    ? new Result(r.requestId(), ResultCodes.OK, ar.result())
                    : new Result(r.requestId(), ResultCodes.UNREACHABLE, ar.cause().getMessage())));
        } else if (m instanceof Ping p) {
            target(p.requestId(), p.device()).ifPresent(s -> start(p.requestId(), s,
                    new PingOperation(new StreamingSink(p.requestId()))));
        } else if (m instanceof Shutdown s) {
            send(new Result(s.requestId(), ResultCodes.OK, "shutting down"));
            Thread t = new Thread(daemon::shutdown, "upyd-shutdown");
            t.setDaemon(false);
            t.start();
        } else {
            send(new ErrorReply(m.requestId(), ErrorReply.BAD_MESSAGE,
                    m.getClass().getSimpleName() + " is not a request a client may send"));
        }
    }

    private List<DeviceInfo> devices() {
        List<DeviceInfo> out = new ArrayList<>();
        for (DeviceSession s : daemon.sessions()) {
            DeviceSession.Info i = s.info();
            out.add(new DeviceInfo(i.name(), i.address(), i.state(), i.tlsProtocol(), i.cipherSuite(),
                    i.onlineSinceMillis(), i.lastError(), i.nextRetryAtMillis(), i.firmware()));
        }
        return out;
    }

    /** Common checks for a device request; empty when an error was already sent. */
    private Optional<DeviceSession> target(int requestId, String device) {
        if (!accepting) {
            send(new ErrorReply(requestId, ErrorReply.BUSY, "the daemon is shutting down"));
            return Optional.empty();
        }
        if (running.containsKey(requestId) || uploads.containsKey(requestId)) {
            send(new ErrorReply(requestId, ErrorReply.BAD_MESSAGE, "request id " + requestId + " is already in use"));
            return Optional.empty();
        }
        Optional<DeviceSession> s = daemon.session(device);
        if (s.isEmpty()) {
            send(new ErrorReply(requestId, ErrorReply.UNKNOWN_DEVICE, "device " + device
                    + " is not in the global group (UPY_G.config)"));
        }
        return s;
    }

    private void start(int requestId, DeviceSession s, Operation op) {
        running.put(requestId, new Running(s, op));
        daemon.runningRequests().incrementAndGet();
        s.submit(op);
    }

    private void finishRequest(int requestId, int code, String message) {
        if (running.remove(requestId) != null) {
            daemon.runningRequests().decrementAndGet();
        }
        send(new Result(requestId, code, message == null ? "" : message));
    }

    private void exec(Exec e) {
        target(e.requestId(), e.device()).ifPresent(s -> {
            Operation op;
            if (e.hasFlag(Exec.FLAG_FRIENDLY)) {
                try {
                    op = new FriendlyExecOperation(new String(e.code(), java.nio.charset.StandardCharsets.UTF_8),
                            !e.hasFlag(Exec.FLAG_ECHO_OFF), new StreamingSink(e.requestId()));
                } catch (IllegalArgumentException ex) {
                    send(new Result(e.requestId(), ResultCodes.USAGE, ex.getMessage()));
                    return;
                }
            } else if (e.hasFlag(Exec.FLAG_BACKGROUND)) {
                // not the client's request any more: it survives the client, and only sysctl stop ends it
                BackgroundSink sink = new BackgroundSink(e.requestId());
                s.submitBackground(new ExecOperation(e.code(), sink), BackgroundSink.label(e.code()), sink::accepted);
                return;
            } else {
                op = new ExecOperation(e.code(), new StreamingSink(e.requestId()));
            }
            if (e.hasFlag(Exec.FLAG_STOP_BACKGROUND)) {
                running.put(e.requestId(), new Running(s, op));
                daemon.runningRequests().incrementAndGet();
                s.stopBackground(op);
                return;
            }
            start(e.requestId(), s, op);
        });
    }

    private void attach(Attach a) {
        target(a.requestId(), a.device()).ifPresent(s -> start(a.requestId(), s,
                new AttachOperation(new StreamingSink(a.requestId()))));
    }

    private void getFile(GetFile g) {
        target(g.requestId(), g.device()).ifPresent(s -> {
            GetOperation op;
            try {
                op = new GetOperation(g.remotePath(), new DownloadSink(g.requestId()));
            } catch (IllegalArgumentException e) {
                send(new Result(g.requestId(), ResultCodes.USAGE, e.getMessage()));
                return;
            }
            start(g.requestId(), s, op);
        });
    }

    // ------------------------------------------------------------ uploads

    /** A PUT in progress: Data messages are collected, then the file is written in one operation. */
    private final class Upload {
        final PutFile header;
        final DeviceSession session;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();

        Upload(PutFile header, DeviceSession session) {
            this.header = header;
            this.session = session;
        }
    }

    private void putFile(PutFile p) {
        target(p.requestId(), p.device()).ifPresent(s -> {
            long max = daemon.settings().getLong(DaemonSettings.MAX_PUT_BYTES);
            if (p.size() < 0 || p.size() > max) {
                send(new Result(p.requestId(), ResultCodes.USAGE, "file of " + p.size() + " bytes: the limit is "
                        + max + " (setting max.put.bytes)"));
                return;
            }
            try {
                new PutOperation(p.remotePath(), new byte[0], new StreamingSink(p.requestId()));
            } catch (IllegalArgumentException e) {
                send(new Result(p.requestId(), ResultCodes.USAGE, e.getMessage()));
                return;
            }
            uploads.put(p.requestId(), new Upload(p, s));
            daemon.runningRequests().incrementAndGet();
        });
    }

    private void data(Data d) {
        Upload u = uploads.get(d.requestId());
        if (u == null) {
            send(new ErrorReply(d.requestId(), ErrorReply.BAD_MESSAGE, "Data for no PutFile in progress"));
            return;
        }
        if (!d.isEnd()) {
            byte[] c = d.chunk();
            if (u.data.size() + (long) c.length > u.header.size()) {
                uploads.remove(d.requestId());
                daemon.runningRequests().decrementAndGet();
                send(new Result(d.requestId(), ResultCodes.INTEGRITY, "more data than the announced "
                        + u.header.size() + " bytes"));
                return;
            }
            u.data.writeBytes(c);
            return;
        }
        uploads.remove(d.requestId());
        daemon.runningRequests().decrementAndGet();
        byte[] all = u.data.toByteArray();
        if (all.length != u.header.size()) {
            send(new Result(d.requestId(), ResultCodes.INTEGRITY, "received " + all.length + " bytes, announced "
                    + u.header.size()));
            return;
        }
        byte[] want = u.header.sha256();
        if (want != null && want.length > 0 && !Arrays.equals(want, sha256(all))) {
            send(new Result(d.requestId(), ResultCodes.INTEGRITY, "SHA-256 of the received data does not match"));
            return;
        }
        start(d.requestId(), u.session, new PutOperation(u.header.remotePath(), all, new StreamingSink(d.requestId())));
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------ admin

    private void unlock(Unlock u) {
        char[] pass = u.passphrase();
        daemon.vertx().executeBlocking(() -> {
            try {
                daemon.unlock(pass);
                return new Result(u.requestId(), ResultCodes.OK, "unlocked");
            } catch (LinkException e) {
                return new Result(u.requestId(), ResultCodes.AUTH, e.getMessage());
            } finally {
                Arrays.fill(pass, '\0');
                u.wipe();
            }
        }, false).onComplete(ar -> send(ar.succeeded() ? ar.result()
                : new Result(u.requestId(), ResultCodes.INTERNAL, String.valueOf(ar.cause()))));
    }

    private void reload(ReloadConfig r) {
        daemon.vertx().executeBlocking(() -> {
            try {
                return new Result(r.requestId(), ResultCodes.OK, daemon.reloadConfig());
            } catch (ConfigException e) {
                return new Result(r.requestId(), ResultCodes.USAGE, e.getMessage()
                        + "; keeping the running configuration");
            }
        }, false).onComplete(ar -> send(ar.succeeded() ? ar.result()
                : new Result(r.requestId(), ResultCodes.INTERNAL, String.valueOf(ar.cause()))));
    }

    // ------------------------------------------------------------ life cycle

    void stopAccepting() {
        accepting = false;
    }

    void close() {
        closed = true;
        so.close();
    }

    /** The client went away: interrupt its commands, detach its shells; nothing is left hanging. */
    private void clientGone() {
        if (gone) {
            return;
        }
        gone = true;
        closed = true;
        for (Map.Entry<Integer, Running> e : running.entrySet()) {
            e.getValue().session().cancel(e.getValue().op());
        }
        for (Integer id : uploads.keySet()) {
            if (uploads.remove(id) != null) {
                daemon.runningRequests().decrementAndGet();
            }
        }
        onClosed.accept(this);
    }

    private void send(Message m) {
        if (closed && !(m instanceof ErrorReply)) {
            return;
        }
        if (so.writeQueueFull()) {
            if (!closed) {
                LOG.warning("a local API client stopped reading (" + maxUnread + " bytes queued); dropping it");
                // Vert.x closes only after flushing the queue, which a client that never reads never allows:
                // interrupt its commands now and close the channel without the flush
                close();
                if (so instanceof io.vertx.core.internal.net.NetSocketInternal n) {
                    n.channelHandlerContext().channel().close();
                }
                clientGone();
            }
            return;
        }
        so.write(Buffer.buffer(MessageCodec.encode(m)));
    }

    /** Streams exec/attach output to the client as it arrives. */
    /**
     * A {@code sysctl start} program: the client hears once, that it was queued (or why not); what the program
     * prints afterwards has no reader and is dropped, as on a board whose WebREPL client went away.
     */
    private final class BackgroundSink implements OutputSink {
        final int id;
        boolean answered;

        BackgroundSink(int id) {
            this.id = id;
        }

        /** The first line of the program, for the messages other clients get while it runs. */
        static String label(byte[] code) {
            String s = new String(code, java.nio.charset.StandardCharsets.UTF_8).strip();
            int nl = s.indexOf('\n');
            s = nl < 0 ? s : s.substring(0, nl);
            return s.length() > 60 ? s.substring(0, 57) + "..." : s;
        }

        void accepted() {
            if (!answered) {
                answered = true;
                send(new Result(id, ResultCodes.OK, "started in the background"));
            }
        }

        @Override
        public void stdout(byte[] b) {
        }

        @Override
        public void stderr(byte[] b) {
        }

        @Override
        public void result(int exitCode, String message) {
            if (!answered) {
                answered = true;
                send(new Result(id, exitCode, message == null ? "" : message));
            }
        }
    }

    private class StreamingSink implements OutputSink {
        final int id;

        StreamingSink(int id) {
            this.id = id;
        }

        @Override
        public void stdout(byte[] b) {
            sendChunked(id, Output.STDOUT, b);
        }

        @Override
        public void stderr(byte[] b) {
            sendChunked(id, Output.STDERR, b);
        }

        @Override
        public void progress(long done, long total) {
            send(new Progress(id, done, total));
        }

        @Override
        public void result(int exitCode, String message) {
            finishRequest(id, exitCode, message);
        }

        @Override
        public boolean saturated() {
            return unreadBytes() > pauseOutputAt;
        }
    }

    /** Bytes written to this client and not yet taken by its socket (Netty's count, writes from other threads included). */
    private long unreadBytes() {
        if (so instanceof io.vertx.core.internal.net.NetSocketInternal n) {
            io.netty.channel.ChannelOutboundBuffer b = n.channelHandlerContext().channel().unsafe().outboundBuffer();
            return b == null ? 0 : b.totalPendingWriteBytes();
        }
        return 0;
    }

    private void sendChunked(int id, int stream, byte[] b) {
        for (int off = 0; off < b.length; off += MessageCodec.MAX_CHUNK) {
            send(new Output(id, stream, Arrays.copyOfRange(b, off, Math.min(b.length, off + MessageCodec.MAX_CHUNK))));
        }
    }

    /** GET: FileHeader, Data batches, Progress now and then, Result with the SHA-256. */
    private final class DownloadSink implements FileSink {
        final int id;
        final ByteArrayOutputStream batch = new ByteArrayOutputStream();
        long lastProgress;

        DownloadSink(int id) {
            this.id = id;
        }

        @Override
        public void header(long size) {
            send(new FileHeader(id, size));
        }

        @Override
        public void data(byte[] chunk) {
            batch.writeBytes(chunk);
            if (batch.size() >= DATA_BATCH) {
                flush();
            }
        }

        private void flush() {
            if (batch.size() > 0) {
                send(new Data(id, batch.toByteArray()));
                batch.reset();
            }
        }

        @Override
        public void progress(long done, long total) {
            if (done - lastProgress >= 64 * 1024 || done == total) {
                lastProgress = done;
                send(new Progress(id, done, total));
            }
        }

        @Override
        public void result(int exitCode, String message) {
            flush();
            finishRequest(id, exitCode, message);
        }
    }
}
