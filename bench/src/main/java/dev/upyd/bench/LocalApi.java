package dev.upyd.bench;

import dev.upyd.protocol.api.Data;
import dev.upyd.protocol.api.DeviceInfo;
import dev.upyd.protocol.api.DeviceList;
import dev.upyd.protocol.api.ListDevices;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A blocking local API client (copied from the daemon's test ApiClient): JDK Unix socket + the protocol codec; many requests may be in flight on one connection. */
final class LocalApi implements AutoCloseable {
    final SocketChannel ch;
    private final Map<Integer, BlockingQueue<Message>> byId = new ConcurrentHashMap<>();
    final BlockingQueue<Message> errors = new LinkedBlockingQueue<>();
    private final AtomicInteger ids = new AtomicInteger(1);
    private final Thread reader;
    volatile boolean eof;

    private LocalApi(Path socket) throws IOException {
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        reader = new Thread(this::readLoop, "bench-api-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connected, without Hello. */
    static LocalApi raw(Path socket) throws IOException {
        return new LocalApi(socket);
    }

    static LocalApi connect(Path socket) throws Exception {
        LocalApi c = new LocalApi(socket);
        int id = c.nextId();
        c.send(new Hello(id, MessageCodec.PROTOCOL_VERSION, "upyd-bench"));
        Message m = c.next(id, Duration.ofSeconds(10));
        if (!(m instanceof HelloOk)) {
            throw new IllegalStateException("expected HelloOk, got " + m);
        }
        return c;
    }

    int nextId() {
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

    BlockingQueue<Message> queue(int id) {
        return byId.computeIfAbsent(id, k -> new LinkedBlockingQueue<>());
    }

    synchronized void send(Message m) throws IOException {
        sendRaw(MessageCodec.encode(m));
    }

    synchronized void sendRaw(byte[] b) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b);
        while (bb.hasRemaining()) {
            ch.write(bb);
        }
    }

    Message next(int id, Duration timeout) throws InterruptedException {
        Message m = queue(id).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new IllegalStateException("no message for request " + id + " within " + timeout);
        }
        return m;
    }

    /** What an exec produced. */
    record Outcome(String stdout, String stderr, int exitCode, String message) {
    }

    Outcome exec(String device, String code, Duration timeout) throws Exception {
        int id = nextId();
        send(new Exec(id, device, code.getBytes(StandardCharsets.UTF_8), 0));
        return collect(id, timeout);
    }

    Outcome collect(int id, Duration timeout) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Message m = queue(id).poll(Math.max(1, left / 1_000_000L), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new IllegalStateException("request " + id + " not finished within " + timeout + "; stdout so far: "
                        + out.toString(StandardCharsets.UTF_8));
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

    Outcome put(String device, String path, byte[] data, Duration timeout) throws Exception {
        int id = nextId();
        send(new PutFile(id, device, path, data.length, MessageDigest.getInstance("SHA-256").digest(data)));
        for (int off = 0; off < data.length; off += 32768) {
            send(new Data(id, Arrays.copyOfRange(data, off, Math.min(data.length, off + 32768))));
        }
        send(new Data(id, new byte[0]));
        return collect(id, timeout);
    }

    /** GET: returns the bytes; fails on a non-zero result. */
    record Download(byte[] data, long announced, int exitCode, String message) {
    }

    Download get(String device, String path, Duration timeout) throws Exception {
        int id = nextId();
        send(new GetFile(id, device, path));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long announced = -1;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Message m = queue(id).poll(Math.max(1, left / 1_000_000L), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new IllegalStateException("GET not finished within " + timeout);
            }
            if (m instanceof FileHeader h) {
                announced = h.size();
            } else if (m instanceof Data d) {
                out.writeBytes(d.chunk());
            } else if (m instanceof Result r) {
                return new Download(out.toByteArray(), announced, r.exitCode(), r.message());
            } else if (m instanceof ErrorReply e) {
                return new Download(out.toByteArray(), announced, -e.code(), e.message());
            }
        }
    }

    /**
     * The daemon's view of every device (ListDevices). Returns on the DeviceList: the protocol's javadoc
     * says a Result follows, but the daemon (0.1.0-SNAPSHOT) sends the DeviceList alone.
     */
    List<DeviceInfo> devices(Duration timeout) throws Exception {
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
