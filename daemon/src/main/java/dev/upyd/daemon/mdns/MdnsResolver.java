package dev.upyd.daemon.mdns;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Resolves {@code NAME.local} by multicast DNS, so upyd finds boards on machines without nss-mdns or
 * avahi. Bound to 5353 with address/port reuse and joined to 224.0.0.251 (answers to a query sent from
 * 5353 come back by multicast; avahi ignores legacy one-shot queries from other ports). Answers are
 * cached for their TTL; {@link #resolve(String, boolean) fresh} lookups skip the cache, which is what a
 * reconnect uses so that a board that moved to another DHCP address is found again. Event-loop only.
 */
public final class MdnsResolver {
    private static final Logger LOG = Logger.getLogger(MdnsResolver.class.getName());

    /** Tunables; see {@code DaemonSettings} for where they come from. */
    public record Settings(long timeoutMillis, long resendMillis, List<String> interfaces, int port) {
        public static Settings defaults() {
            return new Settings(3000, 1000, List.of(), MdnsCodec.PORT);
        }
    }

    private record Cached(InetAddress address, long receivedAt, long expiresAt) {
    }

    /**
     * An answer this young counts as fresh: a responder multicasts a record at most once per second
     * (RFC 6762 §6), so a new query right after an answer would only go unanswered.
     */
    static final long FRESH_MILLIS = 1000;

    private final Vertx vertx;
    private final Settings settings;
    private final LongSupplier clock;
    private final Map<String, Cached> cache = new HashMap<>();
    private final Map<String, List<Promise<InetAddress>>> pending = new HashMap<>();
    private DatagramSocket socket;

    public MdnsResolver(Vertx vertx, Settings settings) {
        this(vertx, settings, System::currentTimeMillis);
    }

    MdnsResolver(Vertx vertx, Settings settings, LongSupplier clock) {
        this.vertx = vertx;
        this.settings = settings;
        this.clock = clock;
    }

    public Future<Void> start() {
        socket = vertx.createDatagramSocket(new DatagramSocketOptions()
                .setReuseAddress(true).setReusePort(true).setMulticastTimeToLive(255));
        socket.handler(this::onPacket);
        return socket.listen(settings.port(), "0.0.0.0").compose(s -> joinGroup());
    }

    private Future<Void> joinGroup() {
        List<String> names;
        try {
            names = settings.interfaces().isEmpty() ? multicastInterfaces() : settings.interfaces();
        } catch (SocketException e) {
            return Future.failedFuture(e);
        }
        List<Future<Void>> joins = new ArrayList<>();
        for (String n : names) {
            joins.add(socket.listenMulticastGroup(MdnsCodec.GROUP, n, null)
                    .onFailure(e -> LOG.fine(() -> "mDNS: cannot join 224.0.0.251 on " + n + ": " + e.getMessage())));
        }
        return Future.join(joins).transform(ar -> joins.stream().anyMatch(Future::succeeded)
                ? Future.succeededFuture()
                : Future.failedFuture("mDNS: could not join 224.0.0.251 on any interface (" + names + ")"));
    }

    private static List<String> multicastInterfaces() throws SocketException {
        List<String> out = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp() && ni.supportsMulticast() && !ni.isPointToPoint()
                    && ni.inetAddresses().anyMatch(a -> a instanceof java.net.Inet4Address)) {
                out.add(ni.getName());
            }
        }
        return out;
    }

    /** Resolves from the cache when an unexpired answer is there, else by asking the link. */
    public Future<InetAddress> resolve(String name) {
        return resolve(name, false);
    }

    /**
     * @param fresh ask the link even when the cache has an answer (a reconnect: the board may have a new
     *              address); the cache is still updated by the answer.
     */
    public Future<InetAddress> resolve(String name, boolean fresh) {
        String key = MdnsCodec.normalise(name);
        Cached c = cache.get(key);
        long now = clock.getAsLong();
        if (c != null && c.expiresAt() > now && (!fresh || now - c.receivedAt() < FRESH_MILLIS)) {
            return Future.succeededFuture(c.address());
        }
        Promise<InetAddress> p = Promise.promise();
        List<Promise<InetAddress>> waiting = pending.computeIfAbsent(key, k -> new ArrayList<>());
        waiting.add(p);
        if (waiting.size() == 1) {
            ask(key, clock.getAsLong() + settings.timeoutMillis());
        }
        return p.future();
    }

    private void ask(String key, long deadline) {
        if (!pending.containsKey(key)) {
            return; // answered
        }
        long now = clock.getAsLong();
        if (now >= deadline) {
            List<Promise<InetAddress>> waiting = pending.remove(key);
            UnknownHostException e = new UnknownHostException(
                    key + ": no mDNS answer within " + settings.timeoutMillis() + " ms");
            waiting.forEach(w -> w.tryFail(e));
            return;
        }
        socket.send(Buffer.buffer(MdnsCodec.query(key)), MdnsCodec.PORT, MdnsCodec.GROUP)
                .onFailure(e -> LOG.log(Level.FINE, "mDNS query for " + key + " not sent", e));
        vertx.setTimer(Math.max(1, Math.min(settings.resendMillis(), deadline - now)), t -> ask(key, deadline));
    }

    private void onPacket(DatagramPacket packet) {
        InetSocketAddress sender = new InetSocketAddress(packet.sender().host(), packet.sender().port());
        for (MdnsCodec.Answer a : MdnsCodec.answers(packet.data().getBytes(), sender)) {
            if (a.ttlSeconds() == 0) {
                cache.remove(a.name()); // goodbye packet: the name is going away
                continue;
            }
            long now = clock.getAsLong();
            cache.put(a.name(), new Cached(a.address(), now, now + a.ttlSeconds() * 1000));
            List<Promise<InetAddress>> waiting = pending.remove(a.name());
            if (waiting != null) {
                waiting.forEach(w -> w.tryComplete(a.address()));
            }
        }
    }

    public Future<Void> close() {
        pending.values().forEach(l -> l.forEach(p -> p.tryFail("mDNS resolver closed")));
        pending.clear();
        return socket == null ? Future.succeededFuture() : socket.close();
    }
}
