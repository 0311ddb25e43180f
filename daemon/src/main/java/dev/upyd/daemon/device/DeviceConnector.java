package dev.upyd.daemon.device;

import dev.upyd.daemon.DaemonSettings;
import dev.upyd.pki.DeviceIdentity;
import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.webrepl.LoginDecoder;
import dev.upyd.protocol.webrepl.LoginEvent;
import dev.upyd.protocol.webrepl.WebReplLogin;
import dev.upyd.protocol.ws.UpgradeRequest;
import dev.upyd.protocol.ws.UpgradeResponseDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.net.ssl.SSLSession;

/**
 * Opens a logged-in connection to a device: TCP (+ TLS 1.2 via BCJSSE with the host certificate),
 * the device identity check, our exact-case WebSocket upgrade, Netty's frame codecs on the pipeline,
 * then the WebREPL password. Everything after TCP connect must finish within the login timeout:
 * a half-open attempt blocks a real device, so none is ever left behind.
 */
public final class DeviceConnector {
    private static final Logger LOG = Logger.getLogger(DeviceConnector.class.getName());
    /** Devices write frames below 64 KiB (they fail larger writes); leave room. */
    static final int MAX_FRAME_PAYLOAD = 1 << 17;

    private final Vertx vertx;
    private final DaemonSettings settings;
    private final HostKeyring keyring;
    /** Kept in a field for the daemon's lifetime: an unreachable Vert.x client is closed by a Cleaner. */
    private final NetClient plainClient;
    private final SecureRandom random = new SecureRandom();
    /** The plain-ws warning is said once per device, not at every reconnect. */
    private final java.util.Set<String> warnedPlain = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final MdnsNames mdns;
    /**
     * Connection attempts in flight at once. Without a bound, a daemon with hundreds of devices starts all
     * TLS handshakes together; on a small machine they then outlast their timeout, fail, and retry in
     * waves (measured: 1000 devices online after 120 s unbounded, 31 s when paced).
     */
    private final AttemptGate gate;

    public DeviceConnector(Vertx vertx, DaemonSettings settings, HostKeyring keyring) {
        this.vertx = vertx;
        this.settings = settings;
        this.keyring = keyring;
        this.plainClient = vertx.createNetClient(HostKeyring.plainOptions(settings));
        this.mdns = new MdnsNames(vertx, settings);
        this.gate = new AttemptGate((int) Math.max(1, settings.getLong(DaemonSettings.CONNECT_PARALLEL)));
    }

    public void close() {
        mdns.close();
    }

    /** A connected and logged-in link; completes on the caller's Vert.x context. */
    public Future<DeviceLink> connect(DeviceTarget target) {
        return gate.run(() -> attempt(target));
    }

    private Future<DeviceLink> attempt(DeviceTarget target) {
        Future<NetClient> client;
        if (target.tls()) {
            client = vertx.executeBlocking(() -> keyring.tlsClient(target.passphrase()), false);
        } else {
            client = Future.succeededFuture(plainClient);
        }
        long[] started = new long[1];
        return client.compose(c -> resolve(target).compose(addr -> {
                    started[0] = System.nanoTime();
                    return c.connect(target.port(), addr);
                }))
                .recover(t -> Future.failedFuture(classify(t, target)))
                .compose(so -> handshake((NetSocketInternal) so, target, System.nanoTime() - started[0]));
    }

    /**
     * .local names are resolved by our own mDNS client (no nss-mdns/avahi needed), asked afresh at every
     * connect so that a board that moved to another DHCP address is found; the certificate is still
     * checked against the configured name, never against the address.
     */
    private Future<String> resolve(DeviceTarget target) {
        if (!target.host().toLowerCase(Locale.ROOT).endsWith(".local")) {
            return Future.succeededFuture(target.host());
        }
        return resolveHost(target.host());
    }

    /** The address a connect would use now: .local by mDNS (fresh), anything else by the system resolver. */
    public Future<String> resolveHost(String host) {
        Future<InetAddress> a = host.toLowerCase(Locale.ROOT).endsWith(".local") ? mdns.resolveFresh(host)
                : vertx.executeBlocking(() -> InetAddress.getByName(host), false);
        return a.map(InetAddress::getHostAddress).recover(t -> Future.failedFuture(new LinkException(
                LinkException.Kind.NETWORK, host + " cannot be resolved (" + t.getMessage() + ")")));
    }

    private Future<DeviceLink> handshake(NetSocketInternal so, DeviceTarget target, long connectNanos) {
        keepAlive(so);
        String proto = "";
        String suite = "";
        java.time.Instant notAfter = null;
        if (target.tls()) {
            try {
                SSLSession s = so.sslSession();
                proto = s.getProtocol();
                suite = s.getCipherSuite();
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate c : so.peerCertificates()) {
                    chain.add((X509Certificate) c);
                }
                DeviceIdentity.verify(chain, keyring.trustAnchors(), target.host(), target.port());
                notAfter = chain.get(0).getNotAfter().toInstant();
            } catch (CertificateException e) {
                so.close();
                return Future.failedFuture(new LinkException(LinkException.Kind.AUTH,
                        "device certificate rejected: " + e.getMessage(), e));
            } catch (Exception e) {
                so.close();
                return Future.failedFuture(new LinkException(LinkException.Kind.AUTH,
                        "device certificate unreadable: " + e.getMessage(), e));
            }
        } else {
            if (warnedPlain.add(target.name() + "@" + target.url())) {
                LOG.warning(target.name() + ": connected to " + target.url() + " WITHOUT encryption (plain ws);"
                        + " the WebREPL password crosses the network in clear text");
            }
        }
        DeviceLink link = new DeviceLink(so, proto, suite);
        link.connectFacts(connectNanos, notAfter);
        return new Login(so, target, link).run();
    }

    /** The upgrade + login exchange on one socket; a small state machine fed from the socket's handler. */
    private final class Login {
        private final NetSocketInternal so;
        private final DeviceTarget target;
        private final DeviceLink link;
        private final Promise<DeviceLink> promise = Promise.promise();
        private final UpgradeRequest request;
        private final UpgradeResponseDecoder upgrade;
        private final LoginDecoder login = new LoginDecoder();
        private final AtomicBoolean done = new AtomicBoolean();
        private boolean upgraded;
        private long timer;

        Login(NetSocketInternal so, DeviceTarget target, DeviceLink link) {
            this.so = so;
            this.target = target;
            this.link = link;
            this.request = UpgradeRequest.create(target.host(), target.port(), random);
            this.upgrade = new UpgradeResponseDecoder(request.expectedAccept());
        }

        Future<DeviceLink> run() {
            timer = vertx.setTimer(settings.getLong(DaemonSettings.LOGIN_TIMEOUT), id -> fail(
                    new LinkException(LinkException.Kind.NETWORK, "no WebREPL login within "
                            + settings.getLong(DaemonSettings.LOGIN_TIMEOUT) + " ms")));
            so.messageHandler(this::onMessage);
            so.closeHandler(v -> fail(new LinkException(LinkException.Kind.NETWORK,
                    upgraded ? "device closed the connection during login" : "device closed the connection during the WebSocket upgrade")));
            so.exceptionHandler(t -> fail(LinkException.of(t)));
            so.write(Buffer.buffer(request.bytes()));
            return promise.future();
        }

        private void onMessage(Object msg) {
            if (done.get()) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (!upgraded) {
                byte[] bytes;
                if (msg instanceof ByteBuf bb) {
                    bytes = DeviceLink.bytes(bb);
                    ReferenceCountUtil.release(msg);
                } else if (msg instanceof Buffer b) {
                    bytes = b.getBytes();
                } else {
                    ReferenceCountUtil.release(msg);
                    return;
                }
                try {
                    upgrade.offer(bytes, 0, bytes.length).ifPresent(r -> {
                        upgraded = true;
                        installCodecs(r.leftover());
                    });
                } catch (ProtocolException e) {
                    fail(new LinkException(LinkException.Kind.PROTOCOL, e.getMessage(), e));
                }
                return;
            }
            link.onMessage(msg);
        }

        private void installCodecs(byte[] leftover) {
            ChannelHandlerContext vertxCtx = so.channelHandlerContext();
            ChannelPipeline p = vertxCtx.pipeline();
            WebSocket13FrameDecoder decoder = new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
                    .expectMaskedFrames(false).allowMaskMismatch(true).allowExtensions(false)
                    .maxFramePayloadLength(MAX_FRAME_PAYLOAD).withUTF8Validator(false)
                    .closeOnProtocolViolation(true).build());
            p.addBefore(vertxCtx.name(), "upyd-ws-decoder", decoder);
            p.addBefore(vertxCtx.name(), "upyd-ws-encoder", new WebSocket13FrameEncoder(true)); // clients mask
            link.listener(new DeviceLink.FrameListener() {
                @Override
                public void text(byte[] payload) {
                    onLoginText(payload);
                }

                @Override
                public void binary(byte[] payload) {
                    onLoginText(payload);
                }
            });
            if (leftover.length > 0) {
                // the device's first frame often shares a read with the 101: it must go through the decoder
                try {
                    decoder.channelRead(p.context(decoder), Unpooled.wrappedBuffer(leftover));
                    decoder.channelReadComplete(p.context(decoder));
                } catch (Exception e) {
                    fail(new LinkException(LinkException.Kind.PROTOCOL, "bad WebSocket frame after the upgrade: " + e, e));
                }
            }
        }

        private void onLoginText(byte[] payload) {
            if (done.get()) {
                return;
            }
            try {
                LoginEvent ev = login.offer(payload);
                while (true) {
                    switch (ev.kind()) {
                        case NEED_MORE:
                            return;
                        case PASSWORD_PROMPT:
                            byte[] line;
                            try {
                                line = WebReplLogin.passwordLine(target.password());
                            } catch (IllegalArgumentException e) {
                                fail(new LinkException(LinkException.Kind.AUTH, e.getMessage()));
                                return;
                            }
                            link.sendText(line);
                            ev = login.offer(new byte[0]);
                            continue;
                        case DENIED:
                            fail(new LinkException(LinkException.Kind.AUTH,
                                    "wrong WebREPL password (the device answered \"Access denied\")"));
                            return;
                        case CONNECTED:
                            succeed();
                            return;
                        default:
                            return;
                    }
                }
            } catch (ProtocolException e) {
                fail(new LinkException(LinkException.Kind.PROTOCOL, e.getMessage(), e));
            }
        }

        private void succeed() {
            if (done.compareAndSet(false, true)) {
                vertx.cancelTimer(timer);
                link.listener(null);
                // from now on frames and the close event belong to the link
                so.messageHandler(link::onMessage);
                so.closeHandler(v -> link.socketClosed());
                so.exceptionHandler(t -> {
                    LOG.fine(() -> target.name() + ": connection error: " + t);
                    if (t instanceof io.netty.handler.codec.DecoderException) {
                        // the device sent something our decoders refuse (a frame over the cap, a bad TLS record)
                        link.failed("bad data from the device: " + rootMessage(t));
                    } else if (t instanceof java.io.IOException) {
                        // e.g. "Connection timed out": TCP keepalive found the device gone
                        link.lost("connection error: " + rootMessage(t));
                    } else {
                        so.close();
                    }
                });
                promise.complete(link);
            }
        }

        private void fail(LinkException e) {
            if (done.compareAndSet(false, true)) {
                vertx.cancelTimer(timer);
                so.close();
                promise.fail(e);
            }
        }
    }

    /** Turns a connect/TLS failure into what the session needs: AUTH for certificate problems. */
    static LinkException classify(Throwable t, DeviceTarget target) {
        if (t instanceof LinkException le) {
            return le;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertificateException || c instanceof CertPathValidatorException) {
                return new LinkException(LinkException.Kind.AUTH, "device certificate rejected during the TLS "
                        + "handshake: " + c.getMessage(), t);
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            // alerts about our certificate or key: the device refused us on purpose; retrying fast cannot help
            if (m.contains("unknown_ca") || m.contains("bad_certificate") || m.contains("certificate_unknown")
                    || m.contains("access_denied") || m.contains("unsupported_certificate")
                    || m.contains("certificate_expired") || m.contains("certificate_revoked")
                    || m.contains("decrypt_error")) {
                return new LinkException(LinkException.Kind.AUTH, "the device rejected our host certificate ("
                        + c.getMessage() + "): is HOST_cert signed by the ROOT CA the device trusts?", t);
            }
            // any other fatal alert (handshake_failure, internal_error, ...) is not about who we are: an ESP32
            // short of heap aborts its mbedTLS handshake with these too, so it gets the normal backoff, not
            // the slow auth-failure retry
            if (c.getClass().getSimpleName().equals("TlsFatalAlertReceived") || m.contains("received fatal alert")) {
                return new LinkException(LinkException.Kind.NETWORK, target.url() + ": the device aborted the TLS "
                        + "handshake (" + c.getMessage() + "); retrying", t);
            }
        }
        return new LinkException(LinkException.Kind.NETWORK, target.url() + ": " + describe(t), t);
    }

    /**
     * SO_KEEPALIVE with our own timers (the JDK's extended socket options, through Netty's NIO channel option):
     * the kernel then notices a device that vanished (power, WiFi) even while an exec keeps GET_VER probes away.
     * Where the JDK cannot set the timers, keepalive stays on with the system's (2 h) timers.
     */
    private void keepAlive(NetSocketInternal so) {
        long idle = settings.getLong(DaemonSettings.KEEPALIVE_IDLE);
        if (idle <= 0) {
            return;
        }
        io.netty.channel.ChannelConfig config = so.channelHandlerContext().channel().config();
        config.setOption(io.netty.channel.ChannelOption.SO_KEEPALIVE, true);
        try {
            config.setOption(io.netty.channel.socket.nio.NioChannelOption.of(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE),
                    (int) idle);
            config.setOption(io.netty.channel.socket.nio.NioChannelOption.of(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL),
                    (int) settings.getLong(DaemonSettings.KEEPALIVE_INTERVAL));
            config.setOption(io.netty.channel.socket.nio.NioChannelOption.of(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT),
                    (int) settings.getLong(DaemonSettings.KEEPALIVE_COUNT));
        } catch (RuntimeException e) {
            LOG.fine(() -> "TCP keepalive timers not settable here: " + e);
        }
    }

    /** The innermost cause's message ("Max frame length of 131072 has been exceeded."). */
    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage() == null || c.getMessage().isBlank() ? c.getClass().getSimpleName() : c.getMessage().strip();
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    /** The messages along the cause chain ("Failed to create SSL connection: ... : Connection refused"). */
    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Throwable c = t; c != null && seen.size() < 5; c = c.getCause()) {
            String m = c.getMessage();
            if (m == null || m.isBlank()) {
                m = c.getClass().getSimpleName();
            }
            if (seen.add(m)) {
                sb.append(sb.length() == 0 ? "" : ": ").append(m);
            }
        }
        return sb.toString();
    }
}
