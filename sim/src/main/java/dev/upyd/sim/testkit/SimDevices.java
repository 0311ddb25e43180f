package dev.upyd.sim.testkit;

import dev.upyd.sim.SimException;
import dev.upyd.sim.SimSettings;
import dev.upyd.sim.SimulatedDevice;
import java.nio.file.Path;

/**
 * One-liners for other modules' tests: a device folder with password, UID and TLS files, and a started
 * light-backend device on an ephemeral port whose certificate names its actual port.
 */
public final class SimDevices {
    /** The password the helpers write unless told otherwise (≤9 characters, like a board's). */
    public static final String PASSWORD = "testpass";
    public static final String UID = "240ac4e0c0de";

    private SimDevices() {
    }

    /** Writes webrepl_cfg.py and (for TLS) the key, certificate and CA files for {@code port}. */
    public static Path prepareDeviceDir(Path dir, TestPki pki, String name, String uid, String password, int port) {
        TestPki.writeWebreplConfig(dir, password);
        pki.writeDeviceFiles(dir, uid, name, port);
        return dir;
    }

    /**
     * Starts a light-backend wss device on an ephemeral port with a 200 ms reboot delay. Because the port
     * is only known after binding, the certificate is re-issued for it and the device restarted once, so
     * that {@code DNS:wss://127.0.0.1:<port>} hostname checks pass.
     */
    public static SimulatedDevice startLight(Path dir, TestPki pki, String name) throws SimException {
        return startTls(dir, pki, name, SimSettings.BackendKind.LIGHT);
    }

    /**
     * Like {@link #startLight} with a chosen backend; {@code MICROPYTHON} needs node and sim/node/node_modules
     * (a {@link SimException} says which is missing).
     */
    public static SimulatedDevice startTls(Path dir, TestPki pki, String name, SimSettings.BackendKind backend)
            throws SimException {
        prepareDeviceDir(dir, pki, name, UID, PASSWORD, 8833);
        SimulatedDevice dev = SimulatedDevice.start(SimSettings.builder(dir).name(name).port(0).tls(true)
                .backend(backend).rebootDelayMs(200).build());
        pki.writeDeviceFiles(dir, UID, name, dev.port());
        dev.restart();
        return dev;
    }

    /** Starts a light-backend plain ws device (no TLS files needed) on an ephemeral port. */
    public static SimulatedDevice startLightPlain(Path dir, String name) throws SimException {
        TestPki.writeWebreplConfig(dir, PASSWORD);
        return SimulatedDevice.start(SimSettings.builder(dir).name(name).port(0).tls(false).uid(UID)
                .backend(SimSettings.BackendKind.LIGHT).rebootDelayMs(200).build());
    }
}
