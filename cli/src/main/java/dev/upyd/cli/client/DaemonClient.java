package dev.upyd.cli.client;

import dev.upyd.cli.CliException;
import dev.upyd.cli.CliSettings;
import dev.upyd.cli.Main;
import dev.upyd.protocol.ProtocolException;
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
import dev.upyd.protocol.api.Progress;
import dev.upyd.protocol.api.PutFile;
import dev.upyd.protocol.api.ReloadConfig;
import dev.upyd.protocol.api.Result;
import dev.upyd.protocol.api.Shutdown;
import dev.upyd.protocol.api.Unlock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection to the daemon's local API (JDK Unix-domain {@link SocketChannel}: junixsocket would
 * add 15-60 ms of native-library loading to every CLI start). Blocking writes from any thread
 * (serialised), and one reader thread that decodes frames into a queue, so that a Ctrl-C handler or
 * the shell's keyboard thread can send Cancel/Input while the main thread waits for replies.
 *
 * <p>Requests run one at a time per client (the CLI never needs more on one connection; a fan-out
 * opens one client per device).
 */
public final class DaemonClient implements AutoCloseable {
    private static final Message CLOSED = new Result(-1, -1, "connection closed");

    private final Path socketPath;
    private final SocketChannel channel;
    private final Inbox inbox = new Inbox();
    private final AtomicInteger ids = new AtomicInteger(1);
    private final Object writeLock = new Object();
    private final long commandTimeoutMillis;
    private volatile String daemonVersion = "";
    private volatile boolean closed;

    private DaemonClient(Path socketPath, SocketChannel channel, long commandTimeoutMillis) {
        this.socketPath = socketPath;
        this.channel = channel;
        this.commandTimeoutMillis = commandTimeoutMillis;
    }

    /** Connects and says Hello; a clear {@link DaemonUnavailableException} when no daemon listens. */
    public static DaemonClient connect(CliSettings settings) {
        return connect(settings, null, null);
    }

    /**
     * Connects, says Hello and, when {@code device} is given, sends {@code Exec(device, code)} in the same
     * write: the daemon handles a connection's messages in order, so the exec needs no round trip of its own
     * (it is dropped with the connection if the Hello is refused). The next {@link #exec} of exactly that
     * device and code then only collects its answer. Used by the CLI's one-shot exec (FastExec).
     */
    public static DaemonClient connect(CliSettings settings, String device, String code) {
        Path path = settings.socket();
        // encoded before the socket opens: the codec's set-up then overlaps the JDK's Unix-socket set-up
        // (UnixSockets.prepareInBackground)
        byte[] hello = MessageCodec.encode(new Hello(1, Message.PROTOCOL_VERSION, "upyd-cli " + Main.version()));
        Exec first = device == null ? null
                : new Exec(2, device, code.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0);
        if (first != null) {
            byte[] exec = MessageCodec.encode(first);
            byte[] both = java.util.Arrays.copyOf(hello, hello.length + exec.length);
            System.arraycopy(exec, 0, both, hello.length, exec.length);
            hello = both;
        }
        SocketChannel ch;
        try {
            ch = UnixSockets.open(UnixDomainSocketAddress.of(path));
        } catch (IOException | UnsupportedOperationException e) {
            throw new DaemonUnavailableException(path, e instanceof java.nio.file.NoSuchFileException
                    || e.getMessage() == null ? null : e.getMessage());
        }
        DaemonClient c = new DaemonClient(path, ch, settings.commandTimeoutSeconds() * 1000);
        c.startReader();
        try {
            c.nextId(); // 1, the hello's
            if (first != null) {
                c.nextId(); // 2, the pipelined exec's
                c.pipelined = first;
                c.current = 2; // Ctrl-C from here on cancels it
            }
            c.sendFrame(hello);
            Object m = c.inbox.poll(settings.helloTimeoutMillis(), TimeUnit.MILLISECONDS);
            if (m instanceof HelloOk ok) {
                c.daemonVersion = ok.daemonVersion();
                return c;
            }
            c.close();
            if (m == null) {
                throw new DaemonUnavailableException(path, "no answer to hello within "
                        + settings.helloTimeoutMillis() + " ms");
            }
            if (m instanceof ErrorReply err) {
                throw new CliException(Main.ExitCodes.NO_DAEMON, "the daemon refused this client: " + err.message());
            }
            throw new DaemonUnavailableException(path, "unexpected answer to hello: " + describe(m));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new CliException(Main.ExitCodes.INTERRUPTED, "interrupted");
        }
    }

    public String daemonVersion() {
        return daemonVersion;
    }

    public int nextId() {
        return ids.getAndIncrement();
    }

    public List<DeviceInfo> listDevices() {
        int id = nextId();
        send(new ListDevices(id));
        Message m = next(id);
        if (m instanceof DeviceList list) {
            return list.devices();
        }
        throw failure(m, "list devices");
    }

    /** Receives what a device prints, as it arrives. */
    public interface OutputListener {
        void output(int stream, byte[] data) throws IOException;
    }

    /** Receives transfer progress. */
    public interface ProgressListener {
        void progress(long done, long total);
    }

    /** A request's final answer: the daemon's Result, or an ErrorReply mapped to the same shape. */
    public record Outcome(int exitCode, String message, boolean daemonError, int errorCode) {
        public boolean ok() {
            return exitCode == 0 && !daemonError;
        }
    }

    /** The request now running, for {@link #cancelCurrent()} from a signal handler. */
    private volatile int current = -1;

    public void cancelCurrent() {
        int target = current;
        if (target >= 0) {
            send(new Cancel(nextId(), target));
        }
    }

    /** The Exec sent with the Hello (see {@link #connect(CliSettings, String, String)}), until collected. */
    private Exec pipelined;

    /** Runs Python on the device (raw-paste in the daemon), streaming stdout/stderr to the listener. */
    public Outcome exec(String device, String code, OutputListener out) throws IOException {
        return exec(device, code, 0, out);
    }

    /** {@link #exec(String, String, OutputListener)} with {@link Exec} flags (background, stop background). */
    public Outcome exec(String device, String code, int flags, OutputListener out) throws IOException {
        byte[] bytes = code.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Exec already = pipelined;
        pipelined = null;
        boolean sent = flags == 0 && already != null && already.device().equals(device)
                && java.util.Arrays.equals(already.code(), bytes);
        int id = sent ? already.requestId() : nextId();
        current = id;
        try {
            if (!sent) {
                send(new Exec(id, device, bytes, flags));
            }
            while (true) {
                Message m = next(id);
                if (m instanceof Output o) {
                    out.output(o.stream(), o.data());
                } else {
                    return finish(m, "exec on " + device);
                }
            }
        } finally {
            current = -1;
        }
    }

    /** Runs Python and returns its stdout as text; a device exception becomes a CliException. */
    public String eval(String device, String code) throws IOException {
        java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
        Outcome o = exec(device, code, (stream, data) -> (stream == Output.STDERR ? stderr : stdout).write(data));
        String err = stderr.toString(java.nio.charset.StandardCharsets.UTF_8);
        if (!o.ok()) {
            throw new DeviceCommandException(o, device, err.isBlank() ? o.message() : lastLine(err));
        }
        return stdout.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Streams {@code size} bytes from {@code in} to the device; the daemon lands it under a temp name first. */
    public Outcome put(String device, String remotePath, InputStream in, long size, byte[] sha256,
                       int chunkBytes, ProgressListener progress) throws IOException {
        int id = nextId();
        current = id;
        try {
            send(new PutFile(id, device, remotePath, size, sha256));
            byte[] buf = new byte[chunkBytes];
            long sent = 0;
            while (sent < size) {
                Object early = inbox.peek();
                if (early instanceof Result || early instanceof ErrorReply || early == CLOSED) {
                    return finish(next(id), "put " + remotePath + " on " + device);
                }
                drainProgress(progress);
                int n = in.read(buf, 0, (int) Math.min(buf.length, size - sent));
                if (n < 0) {
                    throw new CliException(Main.ExitCodes.LOCAL_IO, "local file shrank while sending: "
                            + sent + " of " + size + " bytes");
                }
                send(new Data(id, java.util.Arrays.copyOf(buf, n)));
                sent += n;
            }
            send(new Data(id, new byte[0]));
            while (true) {
                Message m = next(id);
                if (m instanceof Progress p) {
                    progress.progress(p.done(), p.total());
                } else if (!(m instanceof Output)) {
                    return finish(m, "put " + remotePath + " on " + device);
                }
            }
        } finally {
            current = -1;
        }
    }

    private void drainProgress(ProgressListener progress) {
        Object head;
        while ((head = inbox.peek()) instanceof Progress p) {
            inbox.poll();
            progress.progress(p.done(), p.total());
        }
    }

    /** Result of a get: the daemon's outcome (message = sha256 hex of what it received) and the size announced. */
    public record GetOutcome(Outcome outcome, long size) {
    }

    public GetOutcome get(String device, String remotePath, OutputStream sink, ProgressListener progress)
            throws IOException {
        int id = nextId();
        current = id;
        long size = -1;
        try {
            send(new GetFile(id, device, remotePath));
            while (true) {
                Message m = next(id);
                if (m instanceof FileHeader h) {
                    size = h.size();
                    progress.progress(0, size);
                } else if (m instanceof Data d) {
                    sink.write(d.chunk());
                } else if (m instanceof Progress p) {
                    progress.progress(p.done(), p.total());
                } else if (!(m instanceof Output)) {
                    return new GetOutcome(finish(m, "get " + remotePath + " from " + device), size);
                }
            }
        } finally {
            current = -1;
        }
    }

    /** An interactive raw byte stream to the device's REPL (the shell's REPL mode). */
    public final class AttachedRepl implements AutoCloseable {
        private final int id;
        private volatile boolean open = true;

        private AttachedRepl(int id) {
            this.id = id;
        }

        public void send(byte[] bytes) {
            DaemonClient.this.send(new Input(id, bytes));
        }

        /**
         * Waits up to {@code millis} for the next output; null on timeout. Returns an Outcome-bearing
         * {@link Ended} when the daemon ends the attach (session dropped, detached elsewhere).
         */
        public Object poll(long millis) throws InterruptedException {
            if (!open) {
                return null;
            }
            Object m = inbox.poll(millis, TimeUnit.MILLISECONDS);
            if (m == null) {
                return null;
            }
            if (m instanceof Message msg && msg != CLOSED && msg.requestId() != id) {
                return null; // an answer to an earlier request of this client: not ours
            }
            if (m instanceof Output o) {
                return o.data();
            }
            if (m == CLOSED) {
                inbox.add(CLOSED);
            }
            open = false;
            current = -1;
            return new Ended(outcomeOf((Message) m));
        }

        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                DaemonClient.this.send(new Detach(id));
                // the daemon answers the detach with a Result; drop output still in flight until then
                long deadline = System.currentTimeMillis() + 2000;
                try {
                    while (System.currentTimeMillis() < deadline) {
                        Object m = inbox.poll(deadline - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
                        if (m == null || !(m instanceof Output)) {
                            break;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                current = -1;
            }
        }
    }

    /** The daemon ended an attach. */
    public record Ended(Outcome outcome) {
    }

    public AttachedRepl attach(String device) {
        int id = nextId();
        current = id;
        send(new Attach(id, device));
        return new AttachedRepl(id);
    }

    public Outcome unlock(char[] passphrase) {
        int id = nextId();
        send(new Unlock(id, passphrase));
        return finish(next(id), "unlock");
    }

    public Outcome lock() {
        int id = nextId();
        send(new Lock(id));
        return finish(next(id), "lock");
    }

    public Outcome reloadConfig() {
        int id = nextId();
        send(new ReloadConfig(id));
        return finish(next(id), "reload config");
    }

    /** The address the daemon would connect to for {@code host} now (mDNS for .local), in the message. */
    public Outcome resolve(String host) {
        int id = nextId();
        send(new dev.upyd.protocol.api.Resolve(id, host));
        return finish(next(id), "resolve " + host);
    }

    /**
     * One round trip to the device over the daemon's session; the message of a successful outcome is the time in
     * microseconds. Waits behind the device's other operations.
     */
    public Outcome ping(String device) {
        int id = nextId();
        current = id;
        try {
            send(new dev.upyd.protocol.api.Ping(id, device));
            return finish(next(id), "ping " + device);
        } finally {
            current = -1;
        }
    }

    public Outcome shutdownDaemon() {
        int id = nextId();
        send(new Shutdown(id));
        return finish(next(id), "shutdown");
    }

    private Outcome finish(Message m, String what) {
        if (m instanceof Result || m instanceof ErrorReply) {
            return outcomeOf(m);
        }
        throw failure(m, what);
    }

    private static Outcome outcomeOf(Message m) {
        if (m instanceof Result r) {
            if (m == CLOSED) {
                return new Outcome(Main.ExitCodes.NO_DAEMON, "the daemon closed the connection", true, -1);
            }
            return new Outcome(r.exitCode(), r.message(), false, 0);
        }
        if (m instanceof ErrorReply e) {
            return new Outcome(ErrorCodes.exitCodeOf(e.code()), e.message(), true, e.code());
        }
        return new Outcome(Main.ExitCodes.INTERNAL, "unexpected " + describe(m), true, -1);
    }

    private CliException failure(Message m, String what) {
        Outcome o = outcomeOf(m);
        return new CliException(o.exitCode() == 0 ? Main.ExitCodes.INTERNAL : o.exitCode(),
                what + ": " + (o.message() == null || o.message().isEmpty() ? describe(m) : o.message()));
    }

    private static String describe(Object m) {
        return m == null ? "nothing" : m.getClass().getSimpleName();
    }

    /**
     * The next message of request {@code id}; answers to other ids (e.g. a late reply to a request this
     * client gave up on) are dropped.
     */
    private Message next(int id) {
        while (true) {
            Message m = next();
            if (m.requestId() == id || m == CLOSED) {
                return m;
            }
        }
    }

    /** The next message from the daemon (blocking, bounded by UPYD_TIMEOUT_S when set). */
    private Message next() {
        try {
            Object m = commandTimeoutMillis > 0
                    ? inbox.poll(commandTimeoutMillis, TimeUnit.MILLISECONDS)
                    : inbox.take();
            if (m == null) {
                cancelCurrent();
                throw new CliException(Main.ExitCodes.UNREACHABLE, "no answer from the daemon within "
                        + commandTimeoutMillis / 1000 + " s (UPYD_TIMEOUT_S); request cancelled");
            }
            if (m instanceof ProtocolException e) {
                throw new CliException(Main.ExitCodes.INTERNAL, "bad message from the daemon: " + e.getMessage(), e);
            }
            if (m == CLOSED) {
                inbox.add(CLOSED); // later readers see the closed connection too
            }
            return (Message) m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(Main.ExitCodes.INTERRUPTED, "interrupted");
        }
    }

    void send(Message m) {
        sendFrame(MessageCodec.encode(m));
    }

    private void sendFrame(byte[] frame) {
        synchronized (writeLock) {
            try {
                ByteBuffer b = ByteBuffer.wrap(frame);
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            } catch (IOException e) {
                throw new CliException(Main.ExitCodes.NO_DAEMON, "lost the connection to the daemon ("
                        + socketPath + "): " + e.getMessage());
            }
        }
    }

    private void startReader() {
        // an anonymous class, not a method reference: see UnixSockets.WarmUp
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                readLoop();
            }
        }, "upyd-daemon-reader");
        t.setDaemon(true);
        t.start();
    }

    private void readLoop() {
        MessageDecoder decoder = new MessageDecoder();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try {
            while (!closed) {
                buf.clear();
                int n = channel.read(buf);
                if (n < 0) {
                    break;
                }
                decoder.offer(buf.array(), 0, n, inbox);
            }
        } catch (ProtocolException e) {
            inbox.add(e);
        } catch (IOException e) {
            // closed under us (close() or the daemon went away): reported as CLOSED below
        }
        inbox.add(CLOSED);
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // nothing useful to do: the process is leaving this connection behind anyway
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
