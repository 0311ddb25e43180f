package dev.upyd.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The series of one configured device; every call is cheap and thread-safe. */
public final class DeviceMetrics {
    /** Session states as exported: one series per state, 1 for the current one (a Prometheus "state set"). */
    public static final String[] STATES = {"connecting", "online", "backoff", "auth_failed", "locked", "stopped"};

    private final MeterRegistry registry;
    private final String device;
    private final AtomicReference<String> state = new AtomicReference<>("stopped");
    private final AtomicLong certNotAfterEpochSeconds = new AtomicLong(-1);
    private final Counter connects;
    private final Counter reconnects;
    private final Counter connectFailures;
    private final Counter authFailures;
    private final Counter sentBytes;
    private final Counter receivedBytes;
    private final Timer tlsHandshake;
    private final Timer probeRtt;
    private final Map<String, Timer> commands = new ConcurrentHashMap<>();
    private final Map<String, Counter> transferBytes = new ConcurrentHashMap<>();
    private final Map<String, Counter> transfers = new ConcurrentHashMap<>();

    DeviceMetrics(MeterRegistry registry, String device) {
        this.registry = registry;
        this.device = device;
        Gauge.builder("upyd.device.up", state, s -> "online".equals(s.get()) ? 1 : 0).tag("device", device)
                .description("1 when the device's session is online (logged in), else 0").register(registry);
        for (String s : STATES) {
            Gauge.builder("upyd.device.state", state, cur -> s.equals(cur.get()) ? 1 : 0)
                    .tags("device", device, "state", s)
                    .description("Session state of the device: 1 for the current state").register(registry);
        }
        Gauge.builder("upyd.device.certificate.expiry", certNotAfterEpochSeconds,
                        v -> v.get() < 0 ? Double.NaN : v.get() - Instant.now().getEpochSecond())
                .tag("device", device).baseUnit("seconds")
                .description("Seconds until the device certificate expires (NaN before the first TLS session)")
                .register(registry);
        connects = counter("upyd.device.connects", "Sessions established (TLS, upgrade and login done)");
        reconnects = counter("upyd.device.reconnects", "Sessions established after a previous one was lost");
        connectFailures = counter("upyd.device.connect.failures", "Connection attempts that failed");
        authFailures = counter("upyd.device.auth.failures", "Attempts refused: wrong password or certificate");
        sentBytes = Counter.builder("upyd.device.sent").baseUnit("bytes").tag("device", device)
                .description("WebSocket payload bytes sent to the device").register(registry);
        receivedBytes = Counter.builder("upyd.device.received").baseUnit("bytes").tag("device", device)
                .description("WebSocket payload bytes received from the device").register(registry);
        tlsHandshake = Timer.builder("upyd.tls.handshake.duration").tag("device", device)
                .description("TCP connect + TLS handshake time").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        probeRtt = Timer.builder("upyd.liveness.probe.rtt").tag("device", device)
                .description("Round trip of the GET_VER liveness probe").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        for (String dir : new String[] {"put", "get"}) {
            transferBytes.put(dir, Counter.builder("upyd.file.transfer").baseUnit("bytes")
                    .tags("device", device, "direction", dir)
                    .description("File bytes moved by put/get").register(registry));
            transfers.put(dir, Counter.builder("upyd.file.transfers").tags("device", device, "direction", dir)
                    .description("Completed file transfers").register(registry));
        }
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).tag("device", device).description(description).register(registry);
    }

    /** @param newState one of {@link #STATES} (case and dashes are normalised) */
    public void state(String newState) {
        state.set(newState.toLowerCase(Locale.ROOT).replace('-', '_'));
    }

    public void connected(boolean reconnect, Duration tlsHandshakeTime) {
        connects.increment();
        if (reconnect) {
            reconnects.increment();
        }
        if (tlsHandshakeTime != null) {
            tlsHandshake.record(tlsHandshakeTime);
        }
    }

    public void connectFailed(boolean authentication) {
        connectFailures.increment();
        if (authentication) {
            authFailures.increment();
        }
    }

    public void certificateNotAfter(Instant notAfter) {
        certNotAfterEpochSeconds.set(notAfter.getEpochSecond());
    }

    public void sent(long bytes) {
        sentBytes.increment(bytes);
    }

    public void received(long bytes) {
        receivedBytes.increment(bytes);
    }

    public void probe(Duration rtt) {
        probeRtt.record(rtt);
    }

    /** @param command a fixed command kind (exec, put, get, attach), never user text */
    public void command(String command, Duration duration) {
        commands.computeIfAbsent(command, c -> Timer.builder("upyd.command.duration")
                .tags("device", device, "command", c).description("Time from a command's start to its result")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10)).register(registry)).record(duration);
    }

    public void fileTransfer(boolean put, long bytes) {
        String dir = put ? "put" : "get";
        transferBytes.get(dir).increment(bytes);
        transfers.get(dir).increment();
    }
}
