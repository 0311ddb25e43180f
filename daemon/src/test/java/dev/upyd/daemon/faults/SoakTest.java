package dev.upyd.daemon.faults;

import dev.upyd.daemon.api.LocalApiClient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.protocol.api.DeviceInfo;
import dev.upyd.protocol.api.DeviceList;
import dev.upyd.protocol.api.ListDevices;
import dev.upyd.protocol.api.Message;
import dev.upyd.sim.SimulatedDevice;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * About a minute of mixed load (4 clients; exec, put, get, list; 5 light devices) while one device
 * flaps (stopped for 1 s every 3 s). Every command either does exactly what it should or fails with
 * exit code + message, and only on the flapping device; heap after GC and open descriptors stay flat.
 * Length: -Dupyd.soak.seconds (default 60).
 */
class SoakTest {
    static final Duration T = Duration.ofSeconds(30);
    static final int DEVICES = 5;
    static final int FLAPPER = 4;
    static final String[] NAMES = {"s0", "s1", "s2", "s3", "s4"};

    @TempDir
    Path tmp;
    FaultRig rig;
    volatile boolean running = true;

    @AfterEach
    void tearDown() {
        running = false;
        if (rig != null) {
            rig.close();
        }
    }

    /** One sample of the test JVM (daemon + sims + clients live here). */
    record Sample(long tMs, long heapAfterGc, int fds) {
    }

    @Test
    void mixedLoadWithAFlappingDeviceLosesNothingAndLeaksNothing() throws Exception {
        long seconds = Long.getLong("upyd.soak.seconds", 60);
        rig = new FaultRig(tmp);
        List<SimulatedDevice> devs = new ArrayList<>();
        byte[][] files = new byte[DEVICES][];
        for (int i = 0; i < DEVICES; i++) {
            SimulatedDevice d = rig.light(NAMES[i]);
            devs.add(d);
            files[i] = TransferFaultsTest.random(20_000 + i * 1000, 100 + i);
            Files.write(d.deviceDir().resolve("f.bin"), files[i]);
        }
        rig.writeGroup(Stream.of(0, 1, 2, 3, 4).map(i -> FaultRig.entry(NAMES[i], devs.get(i).port()))
                .toArray(dev.upyd.pki.config.GroupEntry[]::new));
        rig.startDaemon();
        for (String n : NAMES) {
            rig.awaitState(n, "online", 20000);
        }
        int flapPort = devs.get(FLAPPER).port();
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(5);
        long t0 = System.nanoTime();
        long endNanos = t0 + seconds * 1_000_000_000L;
        try {
            Future<?> flapper = pool.submit(() -> {
                SimulatedDevice cur = devs.get(FLAPPER);
                int flaps = 0;
                while (running && System.nanoTime() < endNanos - 3_000_000_000L) {
                    Thread.sleep(2000);
                    cur.stop();
                    rig.forget(cur);
                    Thread.sleep(1000);
                    cur = rig.lightOnPort(NAMES[FLAPPER], flapPort);
                    flaps++;
                }
                counts.computeIfAbsent("flaps", k -> new AtomicInteger()).addAndGet(flaps);
                return null;
            });
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int me = c;
                clients.add(pool.submit(() -> {
                    clientLoop(me, endNanos, files, counts, failures);
                    return null;
                }));
            }
            List<Sample> samples = new ArrayList<>();
            while (System.nanoTime() < endNanos) {
                Thread.sleep(1000);
                samples.add(sample(t0));
            }
            for (Future<?> f : clients) {
                f.get(60, TimeUnit.SECONDS);
            }
            flapper.get(30, TimeUnit.SECONDS);
            samples.add(sample(t0));

            System.out.println("[measure] soak " + seconds + " s: " + counts);
            List<Sample> first = samples.stream().filter(s -> s.tMs() <= 10_000).toList();
            List<Sample> last = samples.stream().filter(s -> s.tMs() >= seconds * 1000 - 10_000).toList();
            // minima: the flapping sim and in-flight transfers make the samples oscillate by a few MB
            long heapFirst = first.stream().mapToLong(Sample::heapAfterGc).min().orElseThrow();
            long heapLast = last.stream().mapToLong(Sample::heapAfterGc).min().orElseThrow();
            int fdFirst = first.stream().mapToInt(Sample::fds).min().orElseThrow();
            int fdLast = last.stream().mapToInt(Sample::fds).min().orElseThrow();
            System.out.println("[measure] soak heap after GC: first 10 s min " + heapFirst / 1024 + " kB, last 10 s min "
                    + heapLast / 1024 + " kB; fds: first 10 s min " + fdFirst + ", last 10 s min " + fdLast);
            System.out.println("[measure] soak samples (s, heap kB, fds): " + samples.stream()
                    .map(s -> s.tMs() / 1000 + "/" + s.heapAfterGc() / 1024 + "/" + s.fds()).toList());
            assertTrue(failures.isEmpty(), failures.size() + " wrong outcomes, first: "
                    + failures.subList(0, Math.min(5, failures.size())));
            assertTrue(counts.get("ok").get() > 200, "too little load to mean anything: " + counts);
            assertTrue(counts.get("flaps").get() >= 3, "the device did not flap: " + counts);
            // ~25k requests per 40 s: a leak of even 300 bytes per request would exceed 8 MB in a minute
            assertTrue(heapLast <= heapFirst + (8 << 20), "heap grew: " + heapFirst + " -> " + heapLast);
            assertTrue(fdLast <= fdFirst + 10, "descriptors leak: " + fdFirst + " -> " + fdLast);
        } finally {
            running = false;
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < FLAPPER; i++) {
            assertEquals(1, rig.info(NAMES[i]).sessionsOpened(), NAMES[i] + " reconnected although it never failed");
        }
    }

    private void clientLoop(int me, long endNanos, byte[][] files, Map<String, AtomicInteger> counts,
            List<String> failures) throws Exception {
        Random rnd = new Random(me);
        try (LocalApiClient cl = rig.client()) {
            int n = 0;
            while (running && System.nanoTime() < endNanos) {
                int dev = rnd.nextInt(DEVICES);
                String name = NAMES[dev];
                boolean flapping = dev == FLAPPER;
                int op = rnd.nextInt(4);
                String what;
                int code;
                String message;
                boolean correct;
                switch (op) {
                    case 0 -> {
                        long a = rnd.nextInt(100_000);
                        long b = rnd.nextInt(1000);
                        LocalApiClient.Outcome o = cl.exec(name, "print(" + a + " * " + b + ")", T);
                        what = "exec";
                        code = o.exitCode();
                        message = o.message();
                        correct = code == 0 && o.stdout().equals(a * b + "\r\n");
                    }
                    case 1 -> {
                        LocalApiClient.Download g = cl.get(name, "f.bin", T);
                        what = "get";
                        code = g.exitCode();
                        message = g.message();
                        correct = code == 0 && java.util.Arrays.equals(files[dev], g.data());
                    }
                    case 2 -> {
                        // each client PUTs only to its own stable device, so the landed bytes can be checked
                        dev = me;
                        name = NAMES[dev];
                        flapping = false;
                        byte[] data = TransferFaultsTest.random(1000 + rnd.nextInt(8000), rnd.nextLong());
                        LocalApiClient.Outcome o = cl.put(name, "u.bin", data, T);
                        what = "put";
                        code = o.exitCode();
                        message = o.message();
                        // the light backend has no os.rename: the data lands under the temp name, the rename
                        // fails with a device exception; exit 0 would mean a backend that can rename
                        Path landed = rig.deviceDir(name).resolve(code == 0 ? "u.bin" : ".upyd-put.tmp");
                        correct = (code == 0 || (code == 1 && message.startsWith("could not move the file into place")))
                                && java.util.Arrays.equals(data, Files.readAllBytes(landed));
                    }
                    default -> {
                        int id = cl.nextId();
                        cl.send(new ListDevices(id));
                        Message m = cl.reply(id, T);
                        what = "list";
                        code = m instanceof DeviceList ? 0 : 70;
                        message = String.valueOf(m);
                        correct = m instanceof DeviceList l
                                && l.devices().stream().map(DeviceInfo::name).toList().equals(List.of(NAMES));
                    }
                }
                n++;
                if (correct) {
                    counts.computeIfAbsent("ok", k -> new AtomicInteger()).incrementAndGet();
                    counts.computeIfAbsent("ok-" + what, k -> new AtomicInteger()).incrementAndGet();
                } else if (flapping && code != 0 && message != null && !message.isBlank()) {
                    counts.computeIfAbsent("clean-fail-" + what + "-" + code, k -> new AtomicInteger()).incrementAndGet();
                } else {
                    failures.add("client " + me + " #" + n + " " + what + " on " + name + ": exit " + code + " " + message);
                }
            }
        }
    }

    private static Sample sample(long t0) throws Exception {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            fds = (int) s.count();
        }
        return new Sample(FaultRig.millisSince(t0), heap, fds);
    }
}
