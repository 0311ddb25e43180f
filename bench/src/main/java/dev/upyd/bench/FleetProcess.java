package dev.upyd.bench;

import dev.upyd.pki.config.GroupEntry;
import dev.upyd.sim.DeviceFleet;
import dev.upyd.sim.SimSettings;
import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.testkit.SimDevices;
import dev.upyd.sim.testkit.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * P4's device side, run as its own JVM so that the daemon's RSS is the daemon's alone:
 * {@code FleetProcess WORK N TLS_TIMEOUT_MS} writes a test PKI, N device folders and the matching UPYD_HOME (CA, host
 * pair, group file with the devices' ephemeral ports) under WORK, starts N light-backend wss devices with
 * mutual TLS on one Vert.x ({@link DeviceFleet}), writes WORK/fleet.ready, and runs until its standard
 * input closes (so it never outlives the bench that started it).
 */
public final class FleetProcess {
    static final String READY = "fleet.ready";

    private FleetProcess() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: FleetProcess WORK_DIR DEVICES TLS_HANDSHAKE_TIMEOUT_MS(0 = default)");
            System.exit(2);
        }
        Path work = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        long tlsTimeout = Long.parseLong(args[2]);
        long t0 = System.nanoTime();
        TestPki pki = TestPki.create();
        BenchHome home = new BenchHome(work.resolve("home"), pki);
        Path fleetDir = Files.createDirectories(work.resolve("fleet"));
        for (int i = 0; i < n; i++) {
            Path dir = fleetDir.resolve("dev" + i);
            // the certificate names 127.0.0.1 as an IP entry, which the daemon's check accepts on any port
            SimDevices.prepareDeviceDir(dir, pki, "dev" + i, String.format("%012x", 0xbe000000L + i),
                    SimDevices.PASSWORD, SimSettings.DEFAULT_TLS_PORT);
        }
        long prepared = System.nanoTime();
        SimSettings.Builder b = SimSettings.builder(fleetDir).devices(n).basePort(0).tls(true)
                .backend(SimSettings.BackendKind.LIGHT).rebootDelayMs(200);
        if (tlsTimeout > 0) {
            b.tlsHandshakeTimeoutMs(tlsTimeout);
        }
        try (DeviceFleet fleet = DeviceFleet.start(b.build())) {
            List<GroupEntry> entries = new ArrayList<>();
            for (SimulatedDevice d : fleet.devices()) {
                entries.add(BenchHome.tlsEntry(d.name(), d.port()));
            }
            home.writeGroup(entries);
            long started = System.nanoTime();
            Path tmp = work.resolve(READY + ".tmp");
            Files.writeString(tmp, "pid=" + ProcessHandle.current().pid() + "\nprepare_ms="
                    + (prepared - t0) / 1_000_000 + "\nstart_ms=" + (started - prepared) / 1_000_000 + "\n",
                    StandardCharsets.US_ASCII);
            Files.move(tmp, work.resolve(READY), StandardCopyOption.ATOMIC_MOVE);
            System.out.println("fleet: " + n + " devices listening");
            while (System.in.read() >= 0) {
                // wait for the bench to close our stdin (or die)
            }
        }
        System.exit(0);
    }
}
