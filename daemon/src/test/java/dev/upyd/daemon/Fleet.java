package dev.upyd.daemon;

import dev.upyd.pki.config.GroupConfig;
import dev.upyd.pki.config.GroupEntry;
import dev.upyd.sim.SimSettings;
import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.testkit.SimDevices;
import dev.upyd.sim.testkit.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Simulated devices (light backend, real TLS with certificates made by the sim's test kit) and a
 * UPYD_HOME with the matching CA and host files. Everything is stopped by {@link #close()}.
 */
final class Fleet implements AutoCloseable {
    static final String HOST_PASSPHRASE = "hostphrase";

    final Path root;
    final Path home;
    final TestPki pki;
    final List<SimulatedDevice> sims = new ArrayList<>();

    Fleet(Path root) throws Exception {
        this.root = root;
        this.home = root.resolve("home");
        this.pki = TestPki.create();
        Files.createDirectories(home);
        writeHostFiles(pki, HOST_PASSPHRASE);
    }

    /** CA certificate + host pair (key encrypted with PKCS#8/PBES2 when a passphrase is given). */
    void writeHostFiles(TestPki from, String passphrase) throws Exception {
        pki.writeCaPem(home.resolve("ROOT_CA_cert.pem")); // trust is always OUR CA
        Path cert = home.resolve("HOST_cert@74657374.pem");
        Path key = home.resolve("HOST_key@74657374.pem");
        Files.writeString(cert, TestPki.pem(from.hostCertificate()), StandardCharsets.US_ASCII);
        if (passphrase == null) {
            Files.writeString(key, TestPki.pem(from.hostKey()), StandardCharsets.US_ASCII);
        } else {
            Files.writeString(key, from.encryptedHostKeyPem(passphrase), StandardCharsets.US_ASCII);
        }
    }

    SimulatedDevice startTls(String name) throws Exception {
        Path dir = root.resolve("dev-" + name);
        Files.createDirectories(dir);
        SimulatedDevice d = SimDevices.startLight(dir, pki, name);
        sims.add(d);
        return d;
    }

    SimulatedDevice startTlsOnPort(String name, int port) throws Exception {
        Path dir = root.resolve("dev-" + name);
        Files.createDirectories(dir);
        if (!Files.exists(dir.resolve("webrepl_cfg.py"))) {
            SimDevices.prepareDeviceDir(dir, pki, name, SimDevices.UID, SimDevices.PASSWORD, port);
        }
        SimulatedDevice d = SimulatedDevice.start(SimSettings.builder(dir).name(name).port(port).tls(true)
                .backend(SimSettings.BackendKind.LIGHT).rebootDelayMs(200).build());
        sims.add(d);
        return d;
    }

    SimulatedDevice startPlain(String name) throws Exception {
        Path dir = root.resolve("dev-" + name);
        Files.createDirectories(dir);
        SimulatedDevice d = SimDevices.startLightPlain(dir, name);
        sims.add(d);
        return d;
    }

    /** A TLS entry as upydev writes it: password:passphrase forces wss. */
    static GroupEntry tlsEntry(String name, SimulatedDevice d) {
        return GroupEntry.of(name, "127.0.0.1:" + d.port(), SimDevices.PASSWORD + ":" + HOST_PASSPHRASE);
    }

    void writeGroup(GroupEntry... entries) throws Exception {
        GroupConfig c = GroupConfig.empty();
        for (GroupEntry e : entries) {
            c = c.with(e);
        }
        c.write(GroupConfig.fileIn(home));
    }

    @Override
    public void close() {
        for (SimulatedDevice d : sims) {
            try {
                d.stop();
            } catch (RuntimeException e) {
                // keep stopping the others
            }
        }
    }
}
