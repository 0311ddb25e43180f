package dev.upyd.bench;

import dev.upyd.daemon.api.LocalApiClient;

import dev.upyd.daemon.Daemon;
import dev.upyd.daemon.DaemonSettings;
import dev.upyd.daemon.device.DeviceTarget;
import dev.upyd.daemon.device.SessionState;
import dev.upyd.pki.config.GroupEntry;
import dev.upyd.sim.SimSettings;
import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.testkit.SimDevices;
import dev.upyd.sim.testkit.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * P2: one command ({@code print(1)}) per run, same simulated wss device. Baseline: a fresh
 * connection + login per command (upydev's way, daemon code paths, in this JVM). Measured: the same
 * command through a running daemon's Unix socket (client and daemon in this JVM too; the local API
 * round trip is included, as the CLI pays it).
 */
final class DaemonReuseBench {
    private static final String CODE = "print(1)";
    private static final long TIMEOUT_MS = 30_000;

    private final BenchSettings settings;
    private final ResultTable table;

    DaemonReuseBench(BenchSettings settings, ResultTable table) {
        this.settings = settings;
        this.table = table;
    }

    void run(Path work) throws Exception {
        int warmup = settings.getInt(BenchSettings.WARMUP);
        int runs = Math.max(1, settings.getInt(BenchSettings.RUNS));
        SimSettings.BackendKind backend = backend(settings.get(BenchSettings.BACKEND));
        BenchHome home = new BenchHome(work.resolve("home"), TestPki.create());
        SimulatedDevice sim = SimDevices.startTls(Files.createDirectories(work.resolve("dev-p2")), home.pki, "p2",
                backend);
        try {
            GroupEntry entry = BenchHome.tlsEntry("p2", sim.port());
            home.writeGroup(List.of(entry));
            DaemonSettings ds = InProcessDaemon.settings(home.home, work.resolve("run/upyd.sock"));
            System.out.println("P2: " + backend.name().toLowerCase(Locale.ROOT) + " device, " + warmup
                    + " warm-up + " + runs + " measured commands per side");

            // baseline first: the board accepts one client, so the daemon must not hold it yet
            Samples fresh = baseline(ds, entry, sim, true, warmup, runs);
            Samples resumed = baseline(ds, entry, sim, false, warmup, runs);
            Samples reused;
            try (InProcessDaemon d = InProcessDaemon.start(ds);
                    LocalApiClient api = LocalApiClient.connect(d.socket())) {
                d.awaitOnline("p2", TIMEOUT_MS);
                reused = series(warmup, runs, () -> {
                    LocalApiClient.Outcome o = api.exec("p2", CODE, Duration.ofMillis(TIMEOUT_MS));
                    check(o.exitCode(), o.stdout(), o.message());
                });
            }
            table.add("P2", "exec print(1) p50 (daemon vs fresh connect)", ResultTable.ms(reused.medianMs()),
                    ResultTable.ms(fresh.medianMs()), ResultTable.ratio(fresh.medianMs(), reused.medianMs()),
                    ">= 10x");
            table.add("P2", "exec print(1) p90", ResultTable.ms(reused.p90Ms()), ResultTable.ms(fresh.p90Ms()),
                    ResultTable.ratio(fresh.p90Ms(), reused.p90Ms()), ">= 10x");
            table.add("P2", "p50 vs fresh connect w/ TLS resumption", ResultTable.ms(reused.medianMs()),
                    ResultTable.ms(resumed.medianMs()), ResultTable.ratio(resumed.medianMs(), reused.medianMs()),
                    "(info)");
        } finally {
            sim.stop();
        }
    }

    /** Fresh connection per command; {@code freshTls}: also a new TLS client (no session resumption). */
    private static Samples baseline(DaemonSettings ds, GroupEntry entry, SimulatedDevice sim, boolean freshTls,
            int warmup, int runs) throws Exception {
        try (FreshSessionExec baseline = new FreshSessionExec(ds, DeviceTarget.of(entry), freshTls)) {
            return series(warmup, runs, () -> {
                FreshSessionExec.Outcome o = baseline.exec(CODE, TIMEOUT_MS);
                check(o.exitCode(), o.stdout(), o.message());
                awaitNoClient(sim);
            });
        }
    }

    interface Step {
        void run() throws Exception;
    }

    /** Untimed warm-up, then {@code runs} timed repetitions. */
    static Samples series(int warmup, int runs, Step step) throws Exception {
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        long[] t = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            step.run();
            t[i] = System.nanoTime() - t0;
        }
        return new Samples(t);
    }

    private static void check(int exitCode, String stdout, String message) {
        if (exitCode != 0 || !stdout.strip().equals("1")) {
            throw new IllegalStateException("print(1) gave exit " + exitCode + " (" + message + "), stdout '"
                    + stdout + "'");
        }
    }

    /**
     * The board takes one client: the next fresh connection must not race the device's view of the
     * previous close (it would be refused as concurrent). Not timed: it is part of the previous run's close.
     */
    static void awaitNoClient(SimulatedDevice sim) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (sim.hasClient()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(sim.name() + " still has a client 5 s after close");
            }
            Thread.sleep(0, 200_000);
        }
    }

    static SimSettings.BackendKind backend(String s) {
        try {
            return SimSettings.BackendKind.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--backend: '" + s + "' is not light or micropython");
        }
    }

    static boolean online(Daemon d, String name) {
        return d.session(name).map(s -> s.state() == SessionState.ONLINE).orElse(false);
    }
}
