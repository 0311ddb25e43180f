package dev.upyd.daemon.hostile;

import dev.upyd.protocol.api.Hello;
import dev.upyd.protocol.api.HelloOk;
import dev.upyd.protocol.api.Message;
import dev.upyd.protocol.api.MessageCodec;
import dev.upyd.protocol.api.MessageDecoder;
import dev.upyd.protocol.api.Output;
import dev.upyd.protocol.api.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A local API client that reads on the test's own thread and keeps only what a test asks for: counts
 * (and optionally the first bytes of) output instead of queueing every message, so that a 50 MB flood
 * does not fill the test JVM. It can also stop reading altogether.
 */
final class RawApiClient implements AutoCloseable {
    private final SocketChannel ch;
    private final MessageDecoder decoder = new MessageDecoder();
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    private final Deque<Message> pending = new ArrayDeque<>();
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int keep;
    long outputBytes;
    boolean eof;

    RawApiClient(Path socket, int keepBytes) throws IOException {
        this.keep = keepBytes;
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
    }

    void hello() throws IOException {
        send(new Hello(1, MessageCodec.PROTOCOL_VERSION, "hostile-test"));
        Message m = next();
        if (!(m instanceof HelloOk)) {
            throw new IllegalStateException("expected HelloOk, got " + m);
        }
    }

    void send(Message m) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(MessageCodec.encode(m));
        while (bb.hasRemaining()) {
            ch.write(bb);
        }
    }

    /**
     * The next message other than Output (Output is counted, and kept up to the limit); null on EOF.
     * Blocking: tests bound it with JUnit's @Timeout.
     */
    Message next() throws IOException {
        while (true) {
            Message m = pending.poll();
            if (m == null) {
                if (!readSome()) {
                    return null;
                }
            } else if (m instanceof Output o) {
                count(o);
            } else {
                return m;
            }
        }
    }

    /** Reads until at least {@code bytes} of output arrived; false if something else (a Result) or EOF came first. */
    boolean readOutputUntil(long bytes) throws IOException {
        while (outputBytes < bytes) {
            Message m = pending.peek();
            if (m == null) {
                if (!readSome()) {
                    return false;
                }
            } else if (m instanceof Output o) {
                pending.poll();
                count(o);
            } else {
                return false;
            }
        }
        return true;
    }

    /** Reads until the request's Result; null on EOF. */
    Result result() throws IOException {
        while (true) {
            Message m = next();
            if (m == null || m instanceof Result) {
                return (Result) m;
            }
        }
    }

    private void count(Output o) {
        outputBytes += o.data().length;
        int room = keep - kept.size();
        if (room > 0) {
            kept.write(o.data(), 0, Math.min(room, o.data().length));
        }
    }

    byte[] kept() {
        return kept.toByteArray();
    }

    private boolean readSome() throws IOException {
        buf.clear();
        int n = ch.read(buf);
        if (n < 0) {
            eof = true;
            return false;
        }
        decoder.offer(buf.array(), 0, n, pending::add);
        return true;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
