package dev.upyd.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.sim.testkit.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceFleetTest {
    @TempDir
    Path dir;

    @Test
    void manyLightDevicesInOneJvmOnEphemeralPortsWithAStatsFile() throws Exception {
        int n = 5;
        for (int i = 0; i < n; i++) {
            TestPki.writeWebreplConfig(dir.resolve("dev" + i), "pw" + i);
        }
        Path stats = dir.resolve("stats.json");
        SimSettings s = SimSettings.builder(dir).tls(false).backend(SimSettings.BackendKind.LIGHT).devices(n).basePort(0)
                .statsFile(stats).rebootDelayMs(100).build();
        try (DeviceFleet fleet = DeviceFleet.start(s)) {
            Set<Integer> ports = new HashSet<>();
            for (SimulatedDevice d : fleet.devices()) {
                ports.add(d.port());
            }
            assertEquals(n, ports.size(), "every device has its own port: " + ports);
            SimulatedDevice d3 = fleet.devices().get(3);
            assertEquals("dev3", d3.name());
            try (TestClient c = TestClient.plain(d3.port())) {
                c.upgrade(false);
                c.login("pw3");
                c.sendText("print(len([1, 2, 3]) * 2)\r");
                assertTrue(c.expect(">>> ").contains("6\r\n"));
            }
            LightDeviceTest.waitFor(() -> {
                try {
                    return Files.exists(stats) && Files.readString(stats).contains(
                            "{\"name\":\"dev3\",\"connectionsAccepted\":1,\"tlsHandshakesCompleted\":0,"
                                    + "\"tlsHandshakesFailed\":0,\"loginsOk\":1,");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            String json = Files.readString(stats);
            for (int i = 0; i < n; i++) {
                assertTrue(json.contains("\"name\":\"dev" + i + "\""), json);
            }
        }
    }

    @Test
    void aHundredDevicesEachServeTheirOwnClient() throws Exception {
        int n = 100;
        for (int i = 0; i < n; i++) {
            TestPki.writeWebreplConfig(dir.resolve("dev" + i), "pw");
        }
        SimSettings s = SimSettings.builder(dir).tls(false).backend(SimSettings.BackendKind.LIGHT).devices(n).basePort(0)
                .build();
        try (DeviceFleet fleet = DeviceFleet.start(s)) {
            java.util.List<TestClient> clients = new java.util.ArrayList<>();
            try {
                for (SimulatedDevice d : fleet.devices()) {
                    TestClient c = TestClient.plain(d.port());
                    clients.add(c);
                    c.upgrade(false);
                    c.login("pw");
                }
                // all sessions open at once, each answers its own question
                for (int i = 0; i < n; i++) {
                    clients.get(i).sendText("print(" + i + " * 2)\r");
                }
                for (int i = 0; i < n; i++) {
                    assertTrue(clients.get(i).expect(">>> ").contains("\r\n" + (i * 2) + "\r\n"));
                }
            } finally {
                for (TestClient c : clients) {
                    c.close();
                }
            }
            long logins = fleet.devices().stream().mapToLong(d -> d.stats().loginsOk()).sum();
            assertEquals(n, logins);
        }
    }

    @Test
    void missingDeviceFolderIsAClearError() {
        SimSettings s = SimSettings.builder(dir).tls(false).backend(SimSettings.BackendKind.LIGHT).devices(2).basePort(0)
                .build();
        SimException e = assertThrows(SimException.class, () -> DeviceFleet.start(s));
        assertTrue(e.getMessage().contains("dev0"), e.getMessage());
    }

    @Test
    void missingTlsFilesNameTheFileAndTheCommand() throws Exception {
        TestPki.writeWebreplConfig(dir, "pw");
        SimException e = assertThrows(SimException.class, () -> SimulatedDevice.start(SimSettings.builder(dir)
                .port(0).uid("aabbccddeeff").backend(SimSettings.BackendKind.LIGHT).build()));
        assertTrue(e.getMessage().contains("SSL_keyaabbccddeeff.der"), e.getMessage());
        assertTrue(e.getMessage().contains("upyd kg ssl dev -@ dev0 -tfkey"), e.getMessage());
    }

    @Test
    void missingPasswordIsAClearError() {
        SimException e = assertThrows(SimException.class, () -> SimulatedDevice.start(SimSettings.builder(dir)
                .port(0).tls(false).backend(SimSettings.BackendKind.LIGHT).build()));
        assertTrue(e.getMessage().contains("webrepl_cfg.py"), e.getMessage());
    }

    @Test
    void uidIsGeneratedOnceAndKept() throws Exception {
        TestPki.writeWebreplConfig(dir, "pw");
        String first;
        try (SimulatedDevice d = SimulatedDevice.start(SimSettings.builder(dir).port(0).tls(false)
                .backend(SimSettings.BackendKind.LIGHT).build())) {
            first = d.uid();
        }
        assertTrue(first.matches("[0-9a-f]{12}"), first);
        try (SimulatedDevice d = SimulatedDevice.start(SimSettings.builder(dir).port(0).tls(false)
                .backend(SimSettings.BackendKind.LIGHT).build())) {
            assertEquals(first, d.uid());
        }
    }
}
