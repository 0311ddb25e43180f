package dev.upyd.daemon;

import dev.upyd.daemon.api.LocalApiClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.testkit.SimDevices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's /metrics while it holds a real wss session: device series, promtool, no secrets. */
@org.junit.jupiter.api.Timeout(180)
class DaemonMetricsTest {
    @TempDir
    Path tmp;
    Fleet fleet;
    DaemonFixture fx;

    @AfterEach
    void tearDown() {
        if (fx != null) {
            fx.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + fx.daemon.metricsPort() + "/metrics")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    @Test
    void sessionSeriesAppearAndPromtoolAcceptsThem() throws Exception {
        fleet = new Fleet(tmp);
        SimulatedDevice d = fleet.startTls("esp_room1");
        fleet.writeGroup(Fleet.tlsEntry("esp_room1", d));
        fx = new DaemonFixture(fleet.home, tmp.resolve("run")).set("UPYD_METRICS", "127.0.0.1:0");
        fx.start();
        DaemonFixture.await("online", 20000, () -> fx.daemon.session("esp_room1")
                .map(s -> s.info().state().equals("online")).orElse(false));
        try (LocalApiClient cl = fx.client()) {
            assertEquals(0, cl.exec("esp_room1", "print(6*7)", Duration.ofSeconds(10)).exitCode());
        }
        String body = scrape();
        assertTrue(body.contains("upyd_device_up{device=\"esp_room1\"} 1.0"), body);
        assertTrue(body.contains("upyd_device_connects_total{device=\"esp_room1\"} 1.0"), body);
        assertTrue(body.contains("upyd_device_state{device=\"esp_room1\",state=\"online\"} 1.0"), body);
        assertTrue(body.contains("upyd_command_duration_seconds_count{command=\"exec\",device=\"esp_room1\"} 1"), body);
        assertTrue(body.contains("upyd_tls_handshake_duration_seconds_count{device=\"esp_room1\"} 1"), body);
        assertTrue(body.matches("(?s).*upyd_device_certificate_expiry_seconds\\{device=\"esp_room1\"} 3\\.1\\d*E7.*"),
                "about 365 days left: " + body);
        assertTrue(body.contains("upyd_device_received_bytes_total{device=\"esp_room1\"}"), body);
        for (String secret : new String[] {SimDevices.PASSWORD, Fleet.HOST_PASSPHRASE}) {
            assertFalse(body.contains(secret), "a secret in the metrics: " + secret);
        }
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool (Debian package prometheus) not installed");
        Path f = tmp.resolve("metrics.txt");
        Files.writeString(f, body);
        Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectInput(f.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "promtool check metrics: " + out);
    }

    @Test
    void aDeviceRemovedFromTheGroupLeavesNoSeries() throws Exception {
        fleet = new Fleet(tmp);
        SimulatedDevice a = fleet.startTls("a");
        SimulatedDevice b = fleet.startTls("b");
        fleet.writeGroup(Fleet.tlsEntry("a", a), Fleet.tlsEntry("b", b));
        fx = new DaemonFixture(fleet.home, tmp.resolve("run")).set("UPYD_METRICS", "127.0.0.1:0");
        fx.start();
        DaemonFixture.await("b online", 20000, () -> fx.daemon.session("b")
                .map(s -> s.info().state().equals("online")).orElse(false));
        assertTrue(scrape().contains("device=\"b\""));
        fleet.writeGroup(Fleet.tlsEntry("a", a));
        DaemonFixture.await("b removed", 10000, () -> fx.daemon.session("b").isEmpty());
        String body = scrape();
        assertFalse(body.contains("device=\"b\""), body);
        assertTrue(body.contains("device=\"a\""), body);
    }
}
