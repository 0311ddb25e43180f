package dev.upyd.daemon.api;

import dev.upyd.protocol.api.Data;
import dev.upyd.protocol.api.ListDevices;
import dev.upyd.protocol.api.DeviceList;
import dev.upyd.protocol.api.DeviceInfo;
import dev.upyd.protocol.api.ErrorReply;
import dev.upyd.protocol.api.Exec;
import dev.upyd.protocol.api.FileHeader;
import dev.upyd.protocol.api.GetFile;
import dev.upyd.protocol.api.Hello;
import dev.upyd.protocol.api.HelloOk;
import dev.upyd.protocol.api.Message;
import dev.upyd.protocol.api.MessageCodec;
import dev.upyd.protocol.api.MessageDecoder;
import dev.upyd.protocol.api.Output;
import dev.upyd.protocol.api.PutFile;
import dev.upyd.protocol.api.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small blocking client of the daemon's local API (JDK Unix socket + the protocol codec; many requests
 * in flight on one connection), for the daemon's tests, the benchmarks and tools. A daemon that goes away
 * mid-request shows as {@link #CONNECTION_LOST}, not as a hang. The CLI has its own client, tuned for
 * start-up time, and must not load this module.
 */
public final class LocalApiClient implements AutoCloseable {
    /** Exit code the helpers report when the daemon's socket closed before the request's Result. */
    public static final int CONNECTION_LOST = -1000;
    private final SocketChannel ch;
    private final Map<Integer, BlockingQueue<Message>> byId = new ConcurrentHashMap<>();
    private final BlockingQueue<Message> errors = new LinkedBlockingQueue<>();
    private final AtomicInteger ids = new AtomicInteger(1);
    private final Thread reader;
    private volatile boolean eof;

    private LocalApiClient(Path socket) throws IOException {
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        reader = new Thread(this::readLoop, "upyd-api-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connected, without Hello. */
    public static LocalApiClient raw(Path socket) throws IOException {
        return new LocalApiClient(socket);
    }

    public static LocalApiClient connect(Path socket) throws Exception {
        LocalApiClient c = new LocalApiClient(socket);
        int id = c.nextId();
        c.send(new Hello(id, MessageCodec.PROTOCOL_VERSION, "upyd-api-client"));
        Message m = c.next(id, Duration.ofSeconds(10));
        if (!(m instanceof HelloOk)) {
            throw new IllegalStateException("expected HelloOk, got " + m);
        }
        return c;
    }

    /** Replies that belong to no request (request id 0), e.g. the ErrorReply before a close. */
    public BlockingQueue<Message> errors() {
        return errors;
    }

    /** The daemon closed the connection. */
    public boolean eof() {
        return eof;
    }

    public int nextId() {
        return ids.getAndIncrement();
    }

    private void readLoop() {
        MessageDecoder dec = new MessageDecoder();
        ByteBuffer buf = ByteBuffer.allocate(65536);
        try {
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    break;
                }
                dec.offer(buf.array(), 0, n, m -> {
                    if (m.requestId() == 0 && m instanceof ErrorReply) {
                        errors.add(m);
                    }
                    queue(m.requestId()).add(m);
                });
            }
        } catch (IOException | RuntimeException e) {
            // closed
        } finally {
            eof = true;
        }
    }

    public BlockingQueue<Message> queue(int id) {
        return byId.computeIfAbsent(id, k -> new LinkedBlockingQueue<>());
    }

    public synchronized void send(Message m) throws IOException {
        sendRaw(MessageCodec.encode(m));
    }

    public synchronized void sendRaw(byte[] b) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b);
        while (bb.hasRemaining()) {
            ch.write(bb);
        }
    }

    public Message next(int id, Duration timeout) throws InterruptedException {
        Message m = queue(id).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new IllegalStateException("no message for request " + id + " within " + timeout);
        }
        return m;
    }

    /** Single-reply requests (ListDevices, Unlock ...): the reply, and the request's queue forgotten. */
    public Message reply(int id, Duration timeout) throws InterruptedException {
        Message m = next(id, timeout);
        byId.remove(id);
        return m;
    }

    /** What an exec produced. */
    public record Outcome(String stdout, String stderr, int exitCode, String message) {
    }

    public Outcome exec(String device, String code, Duration timeout) throws Exception {
        int id = nextId();
        send(new Exec(id, device, code.getBytes(StandardCharsets.UTF_8), 0));
        return collect(id, timeout);
    }

    public Outcome collect(int id, Duration timeout) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Message m = queue(id).poll(Math.max(1, Math.min(100, left / 1_000_000L)), TimeUnit.MILLISECONDS);
            if (m == null && eof && queue(id).isEmpty()) {
                return new Outcome(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                        CONNECTION_LOST, "connection to the daemon closed before a Result");
            }
            if (m == null && left <= 0) {
                throw new IllegalStateException("request " + id + " not finished within " + timeout + "; stdout so far: "
                        + out.toString(StandardCharsets.UTF_8));
            }
            if (m == null) {
                continue;
            }
            if (m instanceof Output o) {
                (o.stream() == Output.STDOUT ? out : err).writeBytes(o.data());
            } else if (m instanceof Result r) {
                byId.remove(id);
                return new Outcome(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                        r.exitCode(), r.message());
            } else if (m instanceof ErrorReply e) {
                byId.remove(id);
                return new Outcome(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                        -e.code(), e.message());
            }
        }
    }

    public Outcome put(String device, String path, byte[] data, Duration timeout) throws Exception {
        int id = nextId();
        send(new PutFile(id, device, path, data.length, MessageDigest.getInstance("SHA-256").digest(data)));
        for (int off = 0; off < data.length; off += 32768) {
            send(new Data(id, Arrays.copyOfRange(data, off, Math.min(data.length, off + 32768))));
        }
        send(new Data(id, new byte[0]));
        return collect(id, timeout);
    }

    /** GET: returns the bytes; fails on a non-zero result. */
    public record Download(byte[] data, long announced, int exitCode, String message) {
    }

    public Download get(String device, String path, Duration timeout) throws Exception {
        int id = nextId();
        send(new GetFile(id, device, path));
        return download(id, timeout);
    }

    /** Collects the answer to a GetFile already sent with {@code id} (a test may cancel it meanwhile). */
    public Download download(int id, Duration timeout) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long announced = -1;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Message m = queue(id).poll(Math.max(1, Math.min(100, left / 1_000_000L)), TimeUnit.MILLISECONDS);
            if (m == null && eof && queue(id).isEmpty()) {
                return new Download(out.toByteArray(), announced, CONNECTION_LOST,
                        "connection to the daemon closed before a Result");
            }
            if (m == null && left <= 0) {
                throw new IllegalStateException("GET not finished within " + timeout);
            }
            if (m == null) {
                continue;
            }
            if (m instanceof FileHeader h) {
                announced = h.size();
            } else if (m instanceof Data d) {
                out.writeBytes(d.chunk());
            } else if (m instanceof Result r) {
                byId.remove(id);
                return new Download(out.toByteArray(), announced, r.exitCode(), r.message());
            } else if (m instanceof ErrorReply e) {
                byId.remove(id);
                return new Download(out.toByteArray(), announced, -e.code(), e.message());
            }
        }
    }

    public List<DeviceInfo> devices(Duration timeout) throws Exception {
        int id = nextId();
        send(new ListDevices(id));
        while (true) {
            Message m = next(id, timeout);
            if (m instanceof DeviceList d) {
                return d.devices();
            } else if (m instanceof ErrorReply e) {
                byId.remove(id);
                throw new IllegalStateException("ListDevices refused: " + e.message());
            }
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
