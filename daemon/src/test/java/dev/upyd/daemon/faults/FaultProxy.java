package dev.upyd.daemon.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP man-in-the-middle for fault injection between the daemon and a simulated device: it forwards
 * bytes both ways and, switched at run time, drops them, stalls (stops reading, sockets stay open),
 * delays every chunk, resets connections (RST via SO_LINGER 0) or cuts them after N more bytes. Plain
 * blocking sockets with two pump threads per connection: the proxy must be obviously correct, not fast.
 */
public final class FaultProxy implements AutoCloseable {
    /** What the proxy does with the bytes (and connections) from now on. */
    public enum Mode {
        PASS, DROP, STALL, DELAY, RESET, CUT,
        /** Letters from the device have their case flipped (plain ws links only): a device talking nonsense. */
        GARBLE
    }

    private final ServerSocket server;
    private volatile int targetPort;
    private volatile Mode mode = Mode.PASS;
    private volatile long delayMs;
    /** CUT: bytes still allowed (both directions together) before every connection is reset. */
    private final AtomicLong cutBudget = new AtomicLong(Long.MAX_VALUE);
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong forwardedToDevice = new AtomicLong();
    private final AtomicLong forwardedFromDevice = new AtomicLong();
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private FaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on 127.0.0.1 on an ephemeral port and forwards to 127.0.0.1:{@code targetPort}. */
    public static FaultProxy to(int targetPort) throws IOException {
        return new FaultProxy(targetPort);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The device moved (a restarted sim on a new port). */
    public void retarget(int port) {
        this.targetPort = port;
    }

    /** Connections accepted since the start (= the daemon's connection attempts that reached TCP). */
    public int accepted() {
        return accepted.get();
    }

    public long bytesToDevice() {
        return forwardedToDevice.get();
    }

    public long bytesFromDevice() {
        return forwardedFromDevice.get();
    }

    public int openConnections() {
        return (int) pairs.stream().filter(p -> !p.done).count();
    }

    public Mode mode() {
        return mode;
    }

    public synchronized void pass() {
        set(Mode.PASS);
    }

    public synchronized void drop() {
        set(Mode.DROP);
    }

    public synchronized void stall() {
        set(Mode.STALL);
    }

    public synchronized void delay(long ms) {
        delayMs = ms;
        set(Mode.DELAY);
    }

    /** Resets every open connection now, and every new one while the mode lasts. */
    public synchronized void reset() {
        set(Mode.RESET);
        for (Pair p : pairs) {
            p.reset();
        }
    }

    /** Corrupts every byte from the device from now on (meaningful only on an unencrypted link). */
    public synchronized void garble() {
        set(Mode.GARBLE);
    }

    /** Forwards {@code bytes} more (both directions together), then resets everything mid-stream. */
    public synchronized void cutAfter(long bytes) {
        cutBudget.set(bytes);
        set(Mode.CUT);
    }

    private void set(Mode m) {
        mode = m;
        notifyAll();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            if (mode == Mode.RESET) {
                rst(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
            } catch (IOException e) {
                rst(client); // the device is down: the daemon sees what it would see without us
                closeQuietly(upstream);
                continue;
            }
            Pair p = new Pair(client, upstream);
            pairs.add(p);
            p.start();
        }
    }

    /** Waits while stalled; false when the bytes must be thrown away (DROP) or the pair ends. */
    private synchronized boolean gate(Pair p) throws InterruptedException {
        while (mode == Mode.STALL && !p.done && !closed) {
            wait(100);
        }
        return !p.done && mode != Mode.DROP;
    }

    private final class Pair {
        final Socket a;
        final Socket b;
        volatile boolean done;

        Pair(Socket a, Socket b) {
            this.a = a;
            this.b = b;
        }

        void start() {
            Thread up = new Thread(() -> pump(a, b, true), "fault-proxy-up");
            Thread down = new Thread(() -> pump(b, a, false), "fault-proxy-down");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        private void pump(Socket from, Socket to, boolean toDevice) {
            byte[] buf = new byte[16384];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (!done) {
                    // stall BEFORE reading, so the sender's TCP window fills like on a frozen link
                    if (!gateOrDrop()) {
                        if (done) {
                            break;
                        }
                    }
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    if (!gate(this)) {
                        continue; // DROP: read and discard
                    }
                    if (mode == Mode.DELAY && delayMs > 0) {
                        Thread.sleep(delayMs);
                    }
                    if (mode == Mode.CUT) {
                        long left = cutBudget.addAndGet(-n);
                        if (left < 0) {
                            int allowed = (int) Math.max(0, n + left);
                            out.write(buf, 0, allowed);
                            out.flush();
                            FaultProxy.this.resetAll();
                            break;
                        }
                    }
                    if (mode == Mode.GARBLE && !toDevice) {
                        for (int i = 0; i < n; i++) {
                            // letters only: line ends survive, so a reader gets whole but wrong lines
                            if ((buf[i] >= 'a' && buf[i] <= 'z') || (buf[i] >= 'A' && buf[i] <= 'Z')) {
                                buf[i] ^= 0x20;
                            }
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                    (toDevice ? forwardedToDevice : forwardedFromDevice).addAndGet(n);
                }
            } catch (IOException | InterruptedException e) {
                // one side went away: end both
            }
            finish();
        }

        private boolean gateOrDrop() {
            try {
                return gate(this);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** Normal end: FIN on both sides. */
        void finish() {
            if (!done) {
                done = true;
                closeQuietly(a);
                closeQuietly(b);
                pairs.remove(this);
            }
        }

        void reset() {
            done = true;
            rst(a);
            rst(b);
            pairs.remove(this);
        }
    }

    private synchronized void resetAll() {
        for (Pair p : pairs) {
            p.reset();
        }
        mode = Mode.PASS;
        cutBudget.set(Long.MAX_VALUE);
        notifyAll();
    }

    static void rst(Socket s) {
        try {
            s.setSoLinger(true, 0); // close() now sends RST instead of FIN
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // ignore
        }
        synchronized (this) {
            notifyAll();
        }
        for (Pair p : pairs) {
            p.reset();
        }
    }
}
