package dev.upyd.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our exposition checked by Prometheus' own tools: promtool's linter and a real Prometheus scrape. */
@org.junit.jupiter.api.Timeout(180)
class MetricsPromtoolTest {
    private Vertx vertx;
    private DaemonMetrics metrics;
    private MetricsServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        metrics = new DaemonMetrics("0.1.0-test", () -> 1, () -> 2);
        DeviceMetrics d = metrics.device("esp_room1");
        d.state("online");
        d.connected(false, Duration.ofMillis(120));
        d.connected(true, Duration.ofMillis(80));
        d.connectFailed(true);
        d.sent(1234);
        d.received(4321);
        d.probe(Duration.ofMillis(3));
        d.command("exec", Duration.ofMillis(15));
        d.fileTransfer(true, 100_000);
        d.certificateNotAfter(Instant.now().plus(Duration.ofDays(300)));
        metrics.device("esp_lab").state("backoff");
        server = new MetricsServer(vertx, metrics);
        port = server.start("127.0.0.1:0").await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    private static HttpResponse<String> fetch(String url) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private String get(String url) throws Exception {
        HttpResponse<String> r = fetch(url);
        assertEquals(200, r.statusCode(), url);
        return r.body();
    }

    @Test
    void promtoolAcceptsTheExposition(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "skipped: promtool (Debian package prometheus) not installed");
        String body = get("http://127.0.0.1:" + port + "/metrics");
        assertTrue(body.contains("upyd_device_up{device=\"esp_room1\"} 1.0"), body);
        assertTrue(body.contains("upyd_device_up{device=\"esp_lab\"} 0.0"), body);
        assertTrue(body.contains("upyd_device_state{device=\"esp_lab\",state=\"backoff\"} 1.0"), body);
        assertTrue(body.contains("upyd_device_reconnects_total{device=\"esp_room1\"} 1.0"), body);
        assertTrue(body.contains("upyd_device_auth_failures_total{device=\"esp_room1\"} 1.0"), body);
        assertTrue(body.contains("upyd_file_transfer_bytes_total{device=\"esp_room1\",direction=\"put\"} 100000.0"), body);
        assertTrue(body.contains("upyd_commands_queued 2.0"), body);
        assertTrue(body.contains("upyd_local_clients 1.0"), body);
        Path f = tmp.resolve("metrics.txt");
        Files.writeString(f, body);
        Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectInput(f.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "promtool check metrics: " + out);
    }

    @Test
    void removedDevicesLeaveNoSeries() throws Exception {
        metrics.removeDevice("esp_lab");
        String body = get("http://127.0.0.1:" + port + "/metrics");
        assertFalse(body.contains("esp_lab"), body);
        assertTrue(body.contains("esp_room1"));
    }

    @Test
    void aRealPrometheusScrapesUs(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prometheus")), "skipped: prometheus (Debian package) not installed");
        int promPort;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            promPort = s.getLocalPort();
        }
        Path cfg = tmp.resolve("prometheus.yml");
        Files.writeString(cfg, "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: upyd\n    static_configs:\n"
                + "      - targets: ['127.0.0.1:" + port + "']\n");
        Process prom = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + cfg,
                "--storage.tsdb.path=" + tmp.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
        try {
            String api = "http://127.0.0.1:" + promPort + "/api/v1/query?query=";
            String up = "";
            String device = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                try {
                    // Prometheus answers 503 until its TSDB is open (slow on a loaded CI machine), so only a
                    // 200 counts as an answer while waiting; the asserts below judge the last one seen.
                    HttpResponse<String> upAnswer = fetch(api + "up%7Bjob%3D%22upyd%22%7D");
                    HttpResponse<String> deviceAnswer = fetch(api + "upyd_device_up");
                    if (upAnswer.statusCode() != 200 || deviceAnswer.statusCode() != 200) {
                        up = "HTTP " + upAnswer.statusCode() + ": " + upAnswer.body();
                        Thread.sleep(500);
                        continue;
                    }
                    up = upAnswer.body();
                    device = deviceAnswer.body();
                    if (up.contains("\"value\":[") && up.contains("\"1\"]") && device.contains("esp_room1")) {
                        break;
                    }
                } catch (java.io.IOException notYet) {
                    // Prometheus still starting
                }
                Thread.sleep(500);
            }
            assertTrue(up.contains("\"1\"]"), "up{job=upyd} should be 1: " + up);
            assertTrue(device.contains("\"device\":\"esp_room1\""), device);
        } finally {
            prom.destroy();
            if (!prom.waitFor(10, TimeUnit.SECONDS)) {
                prom.destroyForcibly();
            }
        }
    }
}
