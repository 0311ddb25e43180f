package dev.upyd.sim;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * All devices of one {@code upyd sim} process on one Vert.x instance: one device in DEVICE_DIR, or
 * with {@code --devices N} device i (named {@code dev<i>}) in DEVICE_DIR/dev&lt;i&gt; on port
 * {@code basePort + i} (all ephemeral when the base port is 0). Optionally mirrors the counters into
 * the stats file.
 */
public final class DeviceFleet implements AutoCloseable {
    private final Vertx vertx;
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private final StatsFile stats;

    private DeviceFleet(Vertx vertx, Path statsFile) {
        this.vertx = vertx;
        this.stats = statsFile == null ? null : new StatsFile(statsFile, this::snapshot);
    }

    public static DeviceFleet start(SimSettings base) throws SimException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
        DeviceFleet fleet = new DeviceFleet(vertx, base.statsFile());
        try {
            for (SimSettings s : perDevice(base)) {
                SimulatedDevice d = SimulatedDevice.start(s, vertx);
                fleet.devices.add(d);
                if (fleet.stats != null) {
                    d.onStatsChange(fleet.stats::changed);
                }
            }
            if (fleet.stats != null) {
                fleet.stats.changed();
            }
            return fleet;
        } catch (SimException | RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    /** The settings of each device: the base settings, or per-device folder, name and port. */
    static List<SimSettings> perDevice(SimSettings base) throws SimException {
        if (base.devices() == 1) {
            return List.of(base);
        }
        List<SimSettings> out = new ArrayList<>();
        for (int i = 0; i < base.devices(); i++) {
            Path dir = base.deviceDir().resolve("dev" + i);
            if (!Files.isDirectory(dir)) {
                throw new SimException("--devices " + base.devices() + " needs the folder " + dir
                        + " (one device folder per device, dev0 .. dev" + (base.devices() - 1) + ")");
            }
            int port = base.basePort() == 0 ? 0 : base.basePort() + i;
            out.add(base.toBuilder().deviceDir(dir).name("dev" + i).port(port).devices(1).build());
        }
        return out;
    }

    public List<SimulatedDevice> devices() {
        return Collections.unmodifiableList(devices);
    }

    List<DeviceStats> snapshot() {
        List<DeviceStats> out = new ArrayList<>();
        for (SimulatedDevice d : devices) {
            out.add(d.stats());
        }
        return out;
    }

    @Override
    public void close() {
        for (SimulatedDevice d : devices) {
            d.stop();
        }
        if (stats != null) {
            stats.close();
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
    }
}
