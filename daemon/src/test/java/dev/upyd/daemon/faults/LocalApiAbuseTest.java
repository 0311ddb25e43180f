package dev.upyd.daemon.faults;

import dev.upyd.daemon.api.LocalApiClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.protocol.api.ErrorReply;
import dev.upyd.protocol.api.Exec;
import dev.upyd.protocol.api.Hello;
import dev.upyd.protocol.api.Message;
import dev.upyd.protocol.api.MessageCodec;
import dev.upyd.protocol.api.MessageDecoder;
import dev.upyd.sim.SimulatedDevice;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1000 local API connections opened and dropped in every rude way (at once, mid-frame, garbage, a
 * 2 GiB length prefix, a command abandoned mid-run) against a daemon process: it answers the bad ones
 * with an ErrorReply, stays healthy (an exec still works) and its descriptor count returns near the start.
 */
class LocalApiAbuseTest {
    static final Duration T = Duration.ofSeconds(20);
    static final int CONNECTIONS = 1000;

    @TempDir
    Path tmp;
    FaultRig rig;
    DaemonProcess proc;

    @AfterEach
    void tearDown() throws Exception {
        if (proc != null) {
            proc.close();
            // the daemon's own account, without the hundreds of expected "closing a local API connection" lines
            proc.logText().lines().filter(l -> !l.contains("closing a local API connection"))
                    .forEach(l -> System.out.println("[daemon] " + l));
        }
        if (rig != null) {
            rig.close();
        }
    }

    enum Abuse {
        CONNECT_AND_DROP, HALF_HELLO, GARBAGE, OVERSIZE_PREFIX, NO_HELLO, HALF_EXEC, ABANDONED_EXEC
    }

    /**
     * Runs against the real interpreter: the light backend wedges when an exec is cancelled mid-paste
     * (see LightSimCancelTest), which would be a sim failure, not the daemon's.
     */
    @Test
    void aThousandRudeClientsLeaveTheDaemonHealthy() throws Exception {
        rig = new FaultRig(tmp);
        rig.set("UPYD_LOGIN_TIMEOUT_MS", "15000").set("UPYD_LIVENESS_INTERVAL_MS", "5000")
                .set("UPYD_LIVENESS_DEAD_AFTER_MS", "15000");
        SimulatedDevice d = rig.microPython("a");
        rig.writeGroup(FaultRig.entry("a", d.port()));
        proc = DaemonProcess.start(rig, tmp.resolve("daemon.log"), Map.of("UPYD_LOG_LEVEL",
                System.getProperty("upyd.abuse.log.level", "INFO")));
        try (LocalApiClient cl = LocalApiClient.connect(rig.socket)) {
            DaemonRestartTest.awaitOnline(cl, "a", 60000);
            assertEquals("1\r\n", cl.exec("a", "print(1)", T).stdout());
        }
        Thread.sleep(500);
        int fdStart = proc.openFds();
        long rssStart = proc.rssKb();

        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(16); // below the 64-client limit
        long t0 = System.nanoTime();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                Abuse kind = Abuse.values()[i % Abuse.values().length];
                long seed = i;
                fs.add(pool.submit(() -> {
                    String r = abuse(kind, new Random(seed));
                    seen.computeIfAbsent(kind + "->" + r, k -> new AtomicInteger()).incrementAndGet();
                    if (r.startsWith("WRONG") && !r.contains("code=" + ErrorReply.BUSY + ",")) {
                        wrong.add(kind + ": " + r);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long ms = FaultRig.millisSince(t0);
        int fdPeak = proc.openFds();
        long t1 = System.nanoTime();
        FaultRig.await("daemon descriptors back near the start", 15000, () -> {
            try {
                return proc.openFds() <= fdStart + 5;
            } catch (IOException e) {
                return false;
            }
        });
        long settle = FaultRig.millisSince(t1);
        int fdEnd = proc.openFds();
        System.out.println("[measure] " + CONNECTIONS + " rude connections in " + ms + " ms: " + new java.util.TreeMap<>(seen));
        System.out.println("[measure] daemon fds: start " + fdStart + ", right after " + fdPeak + ", settled "
                + fdEnd + " after " + settle + " ms; RSS " + rssStart + " kB -> " + proc.rssKb() + " kB");
        assertTrue(wrong.isEmpty(), "unexpected answers: " + wrong.subList(0, Math.min(5, wrong.size())));
        int busy = seen.entrySet().stream().filter(e -> e.getKey().endsWith("BUSY")).mapToInt(e -> e.getValue().get()).sum();
        assertTrue(busy < CONNECTIONS / 10, "most rude clients were refused as BUSY: the limit bookkeeping leaks? " + busy);
        assertTrue(proc.process.isAlive(), "the daemon died");
        try (LocalApiClient cl = LocalApiClient.connect(rig.socket)) {
            LocalApiClient.Outcome o = cl.exec("a", "print(7*6)", T);
            assertEquals(0, o.exitCode(), o.message());
            assertEquals("42\r\n", o.stdout());
        }
        assertEquals(1, d.stats().tlsHandshakesCompleted(), "the device session was never disturbed");
    }

    /**
     * Clients that connect and send part of a frame, then sit there, hold a slot of the 64-client limit
     * forever: 64 of them lock every real CLI command out. Nothing a client sends should stop the daemon.
     */
    @Test
    void idleHalfFramesCannotLockOutRealClients() throws Exception {
        rig = new FaultRig(tmp);
        SimulatedDevice d = rig.light("a");
        rig.writeGroup(FaultRig.entry("a", d.port()));
        proc = DaemonProcess.start(rig, tmp.resolve("daemon.log"), Map.of());
        List<SocketChannel> squatters = new ArrayList<>();
        try {
            byte[] hello = MessageCodec.encode(new Hello(1, MessageCodec.PROTOCOL_VERSION, "squatter"));
            for (int i = 0; i < 64; i++) {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(rig.socket));
                write(ch, Arrays.copyOf(hello, 3));
                squatters.add(ch);
            }
            // a real client keeps trying for a generous while: it must get in once the squatters time out
            long t0 = System.nanoTime();
            String refusal = null;
            while (FaultRig.millisSince(t0) < 40000) {
                try (LocalApiClient cl = LocalApiClient.raw(rig.socket)) {
                    int id = cl.nextId();
                    cl.send(new Hello(id, MessageCodec.PROTOCOL_VERSION, "real"));
                    Message m = cl.errors().poll(5, TimeUnit.SECONDS);
                    if (m == null) {
                        Message ok = cl.queue(id).poll(1, TimeUnit.SECONDS);
                        if (ok instanceof dev.upyd.protocol.api.HelloOk) {
                            refusal = null;
                            break;
                        }
                        refusal = "no answer to Hello";
                    } else {
                        refusal = String.valueOf(m);
                    }
                }
                Thread.sleep(1000);
            }
            assertEquals(null, refusal, "a real client is still locked out after 40 s");
            System.out.println("[measure] 64 idle half-frame clients: a real client got in after "
                    + FaultRig.millisSince(t0) + " ms");
        } finally {
            for (SocketChannel ch : squatters) {
                ch.close();
            }
        }
    }

    /** One rude client; returns what it observed, "WRONG ..." when the daemon misbehaved. */
    private String abuse(Abuse kind, Random rnd) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(rig.socket));
            byte[] hello = MessageCodec.encode(new Hello(1, MessageCodec.PROTOCOL_VERSION, "abuse"));
            switch (kind) {
                case CONNECT_AND_DROP -> {
                    return "dropped";
                }
                case HALF_HELLO -> {
                    write(ch, Arrays.copyOf(hello, 1 + rnd.nextInt(hello.length - 1)));
                    return "dropped mid-frame";
                }
                case GARBAGE -> {
                    // a complete frame of random bytes (type, id, body), so it is decoded and refused
                    byte[] g = new byte[9 + rnd.nextInt(300)];
                    rnd.nextBytes(g);
                    ByteBuffer.wrap(g).putInt(g.length - 4);
                    write(ch, g);
                    return expectErrorOrClose(ch, false);
                }
                case OVERSIZE_PREFIX -> {
                    write(ch, hello);
                    write(ch, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
                    return expectErrorOrClose(ch, true);
                }
                case NO_HELLO -> {
                    write(ch, MessageCodec.encode(new Exec(1, "a", "print(1)".getBytes(StandardCharsets.UTF_8), 0)));
                    return expectErrorOrClose(ch, false);
                }
                case HALF_EXEC -> {
                    write(ch, hello);
                    byte[] ex = MessageCodec.encode(new Exec(2, "a", "print(2)".getBytes(StandardCharsets.UTF_8), 0));
                    write(ch, Arrays.copyOf(ex, ex.length / 2));
                    return "dropped mid-exec-frame";
                }
                case ABANDONED_EXEC -> {
                    write(ch, hello);
                    write(ch, MessageCodec.encode(new Exec(2, "a", "import time\ntime.sleep(0.02)\nprint(3)"
                            .getBytes(StandardCharsets.UTF_8), 0)));
                    return "abandoned a running exec";
                }
                default -> throw new IllegalStateException();
            }
        } catch (IOException e) {
            // the daemon may close first (e.g. after its ErrorReply): that is a clean outcome
            return "closed by the daemon (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static void write(SocketChannel ch, byte[] b) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b);
        while (bb.hasRemaining()) {
            ch.write(bb);
        }
    }

    /** Reads until the daemon closes: it must send an ErrorReply (TOO_LARGE for the prefix) and then close. */
    private static String expectErrorOrClose(SocketChannel ch, boolean tooLarge) throws IOException {
        MessageDecoder dec = new MessageDecoder();
        List<Message> got = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        // Unix channels have no read timeout: a watchdog closes the channel if the daemon never does
        java.util.concurrent.ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            timedOut.set(true);
            try {
                ch.close();
            } catch (IOException e) {
                // closed anyway
            }
        }, 10, TimeUnit.SECONDS);
        try {
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    break;
                }
                dec.offer(buf.array(), 0, n, got::add);
            }
        } catch (IOException e) {
            if (timedOut.get()) {
                return "WRONG: the daemon kept the connection open for 10 s";
            }
            // a reset after the reply is fine: what matters is what arrived before it
        } finally {
            watchdog.cancel(false);
        }
        ErrorReply e = got.stream().filter(m -> m instanceof ErrorReply).map(m -> (ErrorReply) m).findFirst().orElse(null);
        if (e == null) {
            return "WRONG: closed without an ErrorReply (got " + got + ")";
        }
        if (e.code() == ErrorReply.BUSY) {
            // a burst: connections closed by their clients count until the daemon has seen them close
            return "ErrorReply BUSY";
        }
        if (tooLarge && e.code() != ErrorReply.TOO_LARGE) {
            return "WRONG: " + e;
        }
        return "ErrorReply " + e.code();
    }

    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "abuse-watchdog");
                t.setDaemon(true);
                return t;
            });
}
