package dev.upyd.bench;

import dev.upyd.daemon.api.LocalApiClient;

import dev.upyd.daemon.DaemonSettings;
import dev.upyd.daemon.device.DeviceTarget;
import dev.upyd.pki.config.GroupEntry;
import dev.upyd.sim.SimSettings;
import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.testkit.SimDevices;
import dev.upyd.sim.testkit.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * P3: a GET through a link with a fixed one-way delay (our {@link DelayProxy} between the client and
 * the simulated device). Baseline: one request per 256-byte chunk ({@link ChunkByChunkGet}).
 * Measured: GetFile through a running daemon (stat, then pipelined pulls). Both must return the
 * file byte for byte, and the daemon's session must still run an exec afterwards.
 */
final class PipelinedGetBench {
    private static final long TIMEOUT_MS = 120_000;
    private static final String PATH = "bench.bin";

    private final BenchSettings settings;
    private final ResultTable table;

    PipelinedGetBench(BenchSettings settings, ResultTable table) {
        this.settings = settings;
        this.table = table;
    }

    void run(Path work) throws Exception {
        int delay = settings.getInt(BenchSettings.DELAY_MS);
        int size = settings.getInt(BenchSettings.FILE_BYTES);
        int runs = Math.max(1, settings.getInt(BenchSettings.GET_RUNS));
        SimSettings.BackendKind backend = DaemonReuseBench.backend(settings.get(BenchSettings.BACKEND));
        byte[] content = new byte[size];
        new SecureRandom().nextBytes(content);

        BenchHome home = new BenchHome(work.resolve("home"), TestPki.create());
        Path devDir = Files.createDirectories(work.resolve("dev-p3"));
        Files.write(devDir.resolve(PATH), content); // DEVICE_DIR is the device's flash "/"
        SimulatedDevice sim = SimDevices.startTls(devDir, home.pki, "p3", backend);
        try (DelayProxy proxy = new DelayProxy(sim.port(), delay)) {
            GroupEntry entry = BenchHome.tlsEntry("p3", proxy.port());
            home.writeGroup(List.of(entry));
            DaemonSettings ds = InProcessDaemon.settings(home.home, work.resolve("run/upyd.sock"));
            System.out.println("P3: " + size + " bytes through a " + delay + " ms each-way delay proxy, 1 untimed + "
                    + runs + " measured GETs per side");

            Samples perChunk;
            try (ChunkByChunkGet baseline = new ChunkByChunkGet(ds, DeviceTarget.of(entry), TIMEOUT_MS)) {
                perChunk = DaemonReuseBench.series(1, runs, () -> same("per-chunk baseline", content,
                        baseline.get(PATH, TIMEOUT_MS)));
            }
            DaemonReuseBench.awaitNoClient(sim);

            Samples pipelined;
            String health;
            try (InProcessDaemon d = InProcessDaemon.start(ds); LocalApiClient api = LocalApiClient.connect(d.socket())) {
                d.awaitOnline("p3", TIMEOUT_MS);
                pipelined = DaemonReuseBench.series(1, runs, () -> {
                    LocalApiClient.Download dl = api.get("p3", PATH, Duration.ofMillis(TIMEOUT_MS));
                    if (dl.exitCode() != 0) {
                        throw new IllegalStateException("daemon GET failed: " + dl.exitCode() + " " + dl.message());
                    }
                    same("daemon GET", content, dl.data());
                });
                LocalApiClient.Outcome after = api.exec("p3", "print(6*7)", Duration.ofMillis(TIMEOUT_MS));
                if (after.exitCode() != 0 || !after.stdout().strip().equals("42")) {
                    throw new IllegalStateException("session not healthy after the GETs: exit " + after.exitCode()
                            + " " + after.message() + " stdout '" + after.stdout() + "'");
                }
                health = "exec after: ok";
            }
            String metric = "GET " + size / 1024 + " KiB, " + delay + " ms each way, p50";
            table.add("P3", metric, ResultTable.ms(pipelined.medianMs()), ResultTable.ms(perChunk.medianMs()),
                    ResultTable.ratio(perChunk.medianMs(), pipelined.medianMs()), ">= 10x");
            table.add("P3", "GET p90", ResultTable.ms(pipelined.p90Ms()), ResultTable.ms(perChunk.p90Ms()),
                    ResultTable.ratio(perChunk.p90Ms(), pipelined.p90Ms()), ">= 10x");
            table.add("P3", "byte-identical, session healthy", "yes (" + (runs + 1) + " GETs), " + health,
                    "yes (" + (runs + 1) + " GETs)", "-", "identical");
        } finally {
            sim.stop();
        }
    }

    private static void same(String who, byte[] expected, byte[] got) {
        if (!Arrays.equals(expected, got)) {
            throw new IllegalStateException(who + ": got " + got.length + " bytes, expected " + expected.length
                    + (got.length == expected.length ? " (same length, different content)" : ""));
        }
    }
}
