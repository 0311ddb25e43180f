package dev.upyd.daemon.api;

import dev.upyd.daemon.Daemon;
import dev.upyd.daemon.DaemonSettings;
import dev.upyd.protocol.api.ErrorReply;
import dev.upyd.protocol.api.MessageCodec;
import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The local API: a Vert.x NetServer on a Unix socket (NIO transport, JDK 16+), one
 * {@link ClientConnection} per client. Checks every peer's user before reading a byte.
 */
public final class LocalApiServer {
    private static final Logger LOG = Logger.getLogger(LocalApiServer.class.getName());

    private final Vertx vertx;
    private final Daemon daemon;
    private final Path socket;
    private final PeerPolicy peers = PeerPolicy.forThisProcess();
    private final Set<ClientConnection> clients = ConcurrentHashMap.newKeySet();
    private NetServer server;
    private volatile boolean accepting = true;

    public LocalApiServer(Vertx vertx, Daemon daemon, Path socket) {
        this.vertx = vertx;
        this.daemon = daemon;
        this.socket = socket;
    }

    /** Prepares the path (stale socket, live daemon), binds, restricts the socket to 0600. Blocking. */
    public void listen() throws Exception {
        SocketGuard.prepare(socket);
        server = vertx.createNetServer(new NetServerOptions());
        server.connectHandler(this::accept);
        server.listen(SocketAddress.domainSocketAddress(socket.toString())).await(10, TimeUnit.SECONDS);
        SocketGuard.restrict(socket);
    }

    private void accept(NetSocket so) {
        if (!accepting) {
            refuse(so, ErrorReply.BUSY, "the daemon is shutting down");
            return;
        }
        UserPrincipal peer = peerUser(so);
        if (!peers.allows(peer)) {
            LOG.warning("refused a local API connection from user " + (peer == null ? "(unknown)" : peer.getName())
                    + ": only " + peers.self() + " and root may use this daemon");
            refuse(so, ErrorReply.AUTH, "permission denied: this daemon belongs to " + peers.self());
            return;
        }
        int max = (int) daemon.settings().getLong(DaemonSettings.MAX_CLIENTS);
        if (clients.size() >= max) {
            refuse(so, ErrorReply.BUSY, "too many clients (" + max + ")");
            return;
        }
        ClientConnection c = new ClientConnection(daemon, so, clients::remove);
        clients.add(c);
    }

    static UserPrincipal peerUser(NetSocket so) {
        try {
            Channel ch = ((NetSocketInternal) so).channelHandlerContext().channel();
            UnixDomainPrincipal p = ch.config().getOption(NioChannelOption.of(ExtendedSocketOptions.SO_PEERCRED));
            return p == null ? null : p.user();
        } catch (RuntimeException e) {
            LOG.warning("cannot read the peer credentials of a local API connection: " + e);
            return null;
        }
    }

    private static void refuse(NetSocket so, int code, String message) {
        so.write(Buffer.buffer(MessageCodec.encode(new ErrorReply(0, code, message))))
                .onComplete(ar -> so.close());
    }

    /** Shutdown step 1: new connections and new requests are refused; running ones continue. */
    public void stopAccepting() {
        accepting = false;
        for (ClientConnection c : clients) {
            c.stopAccepting();
        }
    }

    /** Shutdown step 2: close the listener (Vert.x removes the socket file) and every client. */
    public void close() {
        for (ClientConnection c : clients) {
            c.close();
        }
        if (server != null) {
            try {
                server.close().await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.fine("closing the local API server: " + e);
            }
        }
    }

    public int clientCount() {
        return clients.size();
    }

    public Path socket() {
        return socket;
    }
}
