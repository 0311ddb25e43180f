package dev.upyd.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 that holds every chunk it reads for a fixed delay before writing it on, in
 * each direction, like a link with that one-way latency (and unlimited bandwidth). Order is kept
 * because the delay is the same for every chunk. Written here rather than with tc/netem because
 * netem needs root and a network namespace, and the bench must run as a normal user.
 * Threads per connection: a reader and a writer for each direction.
 */
final class DelayProxy implements AutoCloseable {
    private record Chunk(long dueNanos, byte[] bytes) {
    }

    private static final Chunk RESET = new Chunk(0, new byte[0]);

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long delayNanos;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    DelayProxy(int targetPort, long delayMillis) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "delay-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                try {
                    upstream.connect(target, 5000);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                AtomicInteger ended = new AtomicInteger();
                pipe(client, upstream, "up", ended);
                pipe(upstream, client, "down", ended);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("delay proxy: accept failed: " + e.getMessage());
                }
                return;
            }
        }
    }

    /** One direction; the connection is closed when both directions ended (EOF), or at once on an error. */
    private void pipe(Socket from, Socket to, String dir, AtomicInteger ended) {
        BlockingQueue<Chunk> q = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[65536];
            try {
                InputStream in = from.getInputStream(); // not closed here: that would close the socket both ways
                int n;
                while ((n = in.read(buf)) >= 0) {
                    q.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buf, n)));
                }
                q.add(new Chunk(System.nanoTime() + delayNanos, null)); // EOF, after the data before it
            } catch (IOException e) {
                q.add(RESET);
            }
        }, "delay-proxy-read-" + dir);
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk c = q.take();
                    if (c == RESET) {
                        throw new IOException("connection reset");
                    }
                    long wait = c.dueNanos - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    if (c.bytes == null) {
                        break;
                    }
                    out.write(c.bytes);
                    out.flush();
                }
                to.shutdownOutput(); // a half-close: the other direction may still carry data
                if (ended.incrementAndGet() < 2) {
                    return;
                }
            } catch (IOException | InterruptedException e) {
                // a reset or our close(): end both directions now
            }
            closeQuietly(from);
            closeQuietly(to);
        }, "delay-proxy-write-" + dir);
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
    }
}
