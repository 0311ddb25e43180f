package dev.upyd.daemon.device;

import dev.upyd.daemon.DaemonSettings;
import dev.upyd.daemon.mdns.MdnsResolver;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * The daemon's one mDNS resolver, started on first use (a group without .local names never binds
 * 5353) and confined to its own Vert.x context, because sessions call it from their own event loops.
 */
final class MdnsNames {
    private final Vertx vertx;
    private final DaemonSettings settings;
    private final Context ctx;
    private MdnsResolver resolver;
    private Future<Void> started;

    MdnsNames(Vertx vertx, DaemonSettings settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.ctx = vertx.getOrCreateContext();
    }

    Future<InetAddress> resolveFresh(String name) {
        Promise<InetAddress> p = Promise.promise();
        ctx.runOnContext(v -> {
            if (started == null || started.failed()) { // failed: e.g. 5353 not bindable; try again now
                List<String> ifaces = Arrays.stream(settings.get(DaemonSettings.MDNS_INTERFACES).split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList();
                resolver = new MdnsResolver(vertx, new MdnsResolver.Settings(settings.getLong(DaemonSettings.MDNS_TIMEOUT),
                        settings.getLong(DaemonSettings.MDNS_RESEND), ifaces, dev.upyd.daemon.mdns.MdnsCodec.PORT));
                MdnsResolver r = resolver;
                started = r.start().onFailure(e -> r.close());
            }
            started.compose(s -> resolver.resolve(name, true)).onComplete(p);
        });
        return p.future();
    }

    void close() {
        ctx.runOnContext(v -> {
            if (resolver != null) {
                resolver.close();
            }
        });
    }
}
