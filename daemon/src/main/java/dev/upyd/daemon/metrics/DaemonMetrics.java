package dev.upyd.daemon.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The daemon's Prometheus metrics (Micrometer). Names follow Prometheus conventions (prefix
 * {@code upyd_}, base units, {@code _total} counters). The only per-device label is {@code device}, and
 * series exist only for devices in the configuration: {@link #removeDevice} drops a device's series when
 * it leaves the group, so cardinality stays bounded. No label ever carries a path, an address or a secret.
 */
public final class DaemonMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, DeviceMetrics> devices = new ConcurrentHashMap<>();
    public DaemonMetrics(String version, IntSupplier localClients, IntSupplier queuedCommands) {
        Gauge.builder("upyd.build.info", () -> 1).tags("version", version)
                .description("upyd version of this daemon (always 1)").register(registry);
        Gauge.builder("upyd.local.clients", localClients::getAsInt)
                .description("Local API connections open now").register(registry);
        Gauge.builder("upyd.commands.queued", queuedCommands::getAsInt)
                .description("Commands waiting for a device's REPL, all devices").register(registry);
    }

    public DeviceMetrics device(String name) {
        return devices.computeIfAbsent(name, n -> new DeviceMetrics(registry, n));
    }

    public void removeDevice(String name) {
        DeviceMetrics d = devices.remove(name);
        if (d != null) {
            registry.getMeters().stream().filter(m -> name.equals(m.getId().getTag("device"))).toList()
                    .forEach(registry::remove);
        }
    }

    /** The text exposition format Prometheus scrapes. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
