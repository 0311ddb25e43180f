package dev.upyd.bench;

import dev.upyd.daemon.api.LocalApiClient;

import dev.upyd.protocol.api.DeviceInfo;
import dev.upyd.protocol.api.Exec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * P4: one daemon process, N simulated wss devices in a separate fleet process. Measures the time from
 * starting the daemon to all devices online, the daemon's RSS (VmRSS from /proc), and the wall time of
 * one exec on every device at once (requests spread over several local API connections; the daemon
 * runs different devices in parallel).
 */
final class FleetScaleBench {
    private static final byte[] CODE = "print(1)".getBytes(StandardCharsets.UTF_8);

    private final BenchSettings settings;
    private final ResultTable table;

    FleetScaleBench(BenchSettings settings, ResultTable table) {
        this.settings = settings;
        this.table = table;
    }

    void run(Path work) throws Exception {
        int n = settings.getInt(BenchSettings.DEVICES);
        if (n < 1) {
            throw new IllegalArgumentException("--devices must be at least 1");
        }
        int rounds = Math.max(1, settings.getInt(BenchSettings.FANOUT_ROUNDS));
        int conns = Math.max(1, Math.min(60, settings.getInt(BenchSettings.API_CONNECTIONS)));
        long onlineTimeoutMs = settings.getInt(BenchSettings.ONLINE_TIMEOUT_S) * 1000L;
        Path socket = work.resolve("run/upyd.sock");
        Files.createDirectories(socket.getParent());
        System.out.println("P4: " + n + " devices (fleet JVM) + 1 daemon JVM, fan-out over " + conns
                + " API connections, " + rounds + " rounds");

        ChildProcess fleet = null;
        ChildProcess daemon = null;
        try {
            long f0 = System.nanoTime();
            fleet = ChildProcess.java(work, "fleet", settings.get(BenchSettings.FLEET_JAVA_OPTS),
                    FleetProcess.class.getName(), Map.of(), work.toString(), Integer.toString(n),
                    Integer.toString(settings.getInt(BenchSettings.FLEET_TLS_TIMEOUT_MS)));
            awaitFile(work.resolve(FleetProcess.READY), fleet, 600_000);
            System.out.println("  fleet up in " + (System.nanoTime() - f0) / 1_000_000 + " ms ("
                    + Files.readString(work.resolve(FleetProcess.READY)).replace('\n', ' ').trim() + "), fleet RSS "
                    + Machine.statusKib(fleet.pid(), "VmRSS") / 1024 + " MB");

            long t0 = System.nanoTime();
            Map<String, String> env = new TreeMap<>(Map.of("UPYD_HOME", work.resolve("home").toString(),
                    "UPYD_SOCKET", socket.toString(), "UPYD_METRICS", "off", "UPYD_LOG_LEVEL", "WARNING"));
            env.putAll(keyValues(settings.get(BenchSettings.DAEMON_ENV)));
            daemon = ChildProcess.java(work, "daemon", settings.get(BenchSettings.DAEMON_JAVA_OPTS),
                    "dev.upyd.daemon.DaemonMain", env);
            LocalApiClient probe = awaitSocket(socket, daemon, 60_000);
            long tSocket = System.nanoTime() - t0;
            long[] firstOnline = {0};
            long tOnline;
            try (probe) {
                tOnline = awaitAllOnline(probe, n, daemon, t0, onlineTimeoutMs, firstOnline) - t0;
            }
            long pid = daemon.pid();
            long rssOnline = Machine.statusKib(pid, "VmRSS");
            long fdsOnline = Machine.openFds(pid);
            long threads = Machine.statusKib(pid, "Threads");
            double cpuOnline = Machine.cpuSeconds(pid);
            table.add("P4", "daemon socket ready after start", ResultTable.ms(tSocket / 1e6), "-", "-", "-");
            table.add("P4", "time to first device online (from daemon start)",
                    ResultTable.ms((firstOnline[0] - t0) / 1e6), "-", "-", "-");
            table.add("P4", "time to all " + n + " online (from daemon start)", ResultTable.ms(tOnline / 1e6), "-",
                    "-", "-");
            table.add("P4", "daemon RSS, all online", rssOnline / 1024 + " MB", "-", "-", "<= 600 MB");
            table.add("P4", "daemon fds / threads / CPU s, all online", fdsOnline + " / " + threads + " / "
                    + String.format("%.1f", cpuOnline), "-", "-", "-");

            List<LocalApiClient> apis = new ArrayList<>();
            try {
                for (int i = 0; i < conns; i++) {
                    apis.add(LocalApiClient.connect(socket));
                }
                long[] wall = new long[rounds];
                for (int r = 0; r < rounds; r++) {
                    wall[r] = fanOut(apis, n);
                    System.out.println("  fan-out round " + (r + 1) + ": " + wall[r] / 1_000_000 + " ms (load "
                            + Machine.load1() + ")");
                }
                Samples s = new Samples(wall);
                table.add("P4", "fan-out exec to all " + n + ", first round", ResultTable.ms(wall[0] / 1e6), "-", "-",
                        "<= 3 s");
                table.add("P4", "fan-out exec to all " + n + ", median of " + rounds, ResultTable.ms(s.medianMs()),
                        "-", "-", "<= 3 s");
            } finally {
                for (LocalApiClient a : apis) {
                    a.close();
                }
            }
            table.add("P4", "daemon RSS after fan-out (peak VmHWM)", Machine.statusKib(pid, "VmRSS") / 1024 + " MB ("
                    + Machine.statusKib(pid, "VmHWM") / 1024 + " MB)", "-", "-", "<= 600 MB");
        } finally {
            if (daemon != null) {
                daemon.stop();
            }
            if (fleet != null) {
                fleet.stop();
            }
        }
    }

    /** {@code K=V,K=V} (the --daemon-env option). */
    static Map<String, String> keyValues(String s) {
        Map<String, String> out = new TreeMap<>();
        for (String kv : s.split(",")) {
            if (kv.isBlank()) {
                continue;
            }
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--daemon-env: '" + kv + "' is not KEY=VALUE");
            }
            out.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return out;
    }

    /** One Exec per device, all sent at once (one sender thread per connection); wall time to the last Result. */
    private static long fanOut(List<LocalApiClient> apis, int n) throws Exception {
        int c = apis.size();
        int[][] ids = new int[c][];
        List<Thread> senders = new ArrayList<>();
        Exception[] failure = new Exception[1];
        long t0 = System.nanoTime();
        for (int k = 0; k < c; k++) {
            int conn = k;
            int count = (n - conn + c - 1) / c;
            ids[conn] = new int[count];
            Thread t = new Thread(() -> {
                try {
                    LocalApiClient api = apis.get(conn);
                    for (int j = 0, dev = conn; dev < n; j++, dev += c) {
                        int id = api.nextId();
                        ids[conn][j] = id;
                        api.send(new Exec(id, "dev" + dev, CODE, 0));
                    }
                } catch (IOException e) {
                    failure[0] = e;
                }
            }, "fanout-send-" + conn);
            t.start();
            senders.add(t);
        }
        for (Thread t : senders) {
            t.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        int bad = 0;
        String firstBad = null;
        for (int k = 0; k < c; k++) {
            for (int id : ids[k]) {
                LocalApiClient.Outcome o = apis.get(k).collect(id, Duration.ofSeconds(120));
                if (o.exitCode() != 0 || !o.stdout().strip().equals("1")) {
                    bad++;
                    if (firstBad == null) {
                        firstBad = "exit " + o.exitCode() + " " + o.message() + " stdout '" + o.stdout() + "'";
                    }
                }
            }
        }
        long wall = System.nanoTime() - t0;
        if (bad > 0) {
            throw new IllegalStateException(bad + " of " + n + " fan-out execs failed; first: " + firstBad);
        }
        return wall;
    }

    private static void awaitFile(Path file, ChildProcess owner, long timeoutMs) throws Exception {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!Files.exists(file)) {
            owner.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(owner + " did not write " + file + " within " + timeoutMs + " ms");
            }
            Thread.sleep(50);
        }
    }

    private static LocalApiClient awaitSocket(Path socket, ChildProcess daemon, long timeoutMs) throws Exception {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            daemon.checkAlive();
            if (Files.exists(socket)) {
                try {
                    return LocalApiClient.connect(socket);
                } catch (IOException e) {
                    // not accepting yet
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("daemon socket " + socket + " not ready within " + timeoutMs + " ms");
            }
            Thread.sleep(5);
        }
    }

    /** Polls ListDevices until every device is online; returns the nanoTime when that was first seen. */
    private static long awaitAllOnline(LocalApiClient api, int n, ChildProcess daemon, long t0, long timeoutMs,
            long[] firstOnline) throws Exception {
        long deadline = t0 + timeoutMs * 1_000_000L;
        long lastReport = System.nanoTime();
        while (true) {
            daemon.checkAlive();
            List<DeviceInfo> devices = api.devices(Duration.ofSeconds(30));
            long now = System.nanoTime();
            Map<String, Integer> states = new TreeMap<>();
            Map<String, Integer> errors = new TreeMap<>();
            for (DeviceInfo d : devices) {
                states.merge(d.state(), 1, Integer::sum);
                if (!d.lastError().isEmpty() && !d.state().equals("online")) {
                    // "dev17: ..." and port numbers differ per device: count the kind of error, not the device
                    errors.merge(d.lastError().replaceAll("\\d+", "N"), 1, Integer::sum);
                }
            }
            if (firstOnline[0] == 0 && states.getOrDefault("online", 0) > 0) {
                firstOnline[0] = now;
            }
            if (devices.size() == n && states.getOrDefault("online", 0) == n) {
                return now;
            }
            if (now > deadline) {
                throw new IllegalStateException("not all online after " + timeoutMs + " ms: " + states);
            }
            if (now - lastReport > 5_000_000_000L) {
                lastReport = now;
                String top = errors.entrySet().stream().max(Map.Entry.comparingByValue())
                        .map(e -> "; most common last error (" + e.getValue() + "x): " + e.getKey()).orElse("");
                System.out.println("  " + (now - t0) / 1_000_000 + " ms: " + states + " (load " + Machine.load1() + ")"
                        + top);
            }
            Thread.sleep(50);
        }
    }

    /** A child JVM with this process's classpath; output to WORK/NAME.log; stdin kept open as its lifeline. */
    static final class ChildProcess {
        private final String name;
        private final Process process;
        private final Path log;

        private ChildProcess(String name, Process process, Path log) {
            this.name = name;
            this.process = process;
            this.log = log;
        }

        static ChildProcess java(Path work, String name, String javaOpts, String mainClass, Map<String, String> env,
                String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String o : javaOpts.trim().split("\\s+")) {
                if (!o.isEmpty()) {
                    cmd.add(o);
                }
            }
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(mainClass);
            cmd.addAll(List.of(args));
            Path log = work.resolve(name + ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            Process p = pb.start();
            ChildProcess c = new ChildProcess(name, p, log);
            Children.register(c);
            return c;
        }

        long pid() {
            return process.pid();
        }

        void checkAlive() throws IOException {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; its log "
                        + log + " ends with:\n" + tail());
            }
        }

        private String tail() throws IOException {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }

        /** SIGTERM (graceful), then SIGKILL after 20 s. */
        void stop() {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // already closed
            }
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            Children.unregister(this);
        }

        @Override
        public String toString() {
            return name + " (pid " + process.pid() + ")";
        }
    }

    /** Children still running when the bench JVM exits (Ctrl-C, an error) are stopped by a shutdown hook. */
    static final class Children {
        private static final List<ChildProcess> RUNNING = new ArrayList<>();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                List<ChildProcess> left;
                synchronized (RUNNING) {
                    left = new ArrayList<>(RUNNING);
                }
                for (ChildProcess c : left) {
                    c.stop();
                }
            }, "bench-children-stop"));
        }

        static void register(ChildProcess c) {
            synchronized (RUNNING) {
                RUNNING.add(c);
            }
        }

        static void unregister(ChildProcess c) {
            synchronized (RUNNING) {
                RUNNING.remove(c);
            }
        }
    }
}
