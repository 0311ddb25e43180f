package dev.upyd.daemon.device;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.internal.net.NetSocketInternal;

/**
 * One open, logged-in WebSocket connection to a device, with Netty's frame codecs on the socket's
 * pipeline. TEXT frames carry REPL bytes (kept as bytes: devices send partial UTF-8), BINARY frames
 * the WA/WB file protocol. Event-loop confined: call only on the connection's context.
 */
public final class DeviceLink {
    /** Receives the device's data frames, in order. */
    public interface FrameListener {
        void text(byte[] payload);

        void binary(byte[] payload);
    }

    private static final FrameListener DISCARD = new FrameListener() {
        @Override
        public void text(byte[] payload) {
        }

        @Override
        public void binary(byte[] payload) {
        }
    };

    private final NetSocketInternal socket;
    private final String tlsProtocol;
    private final String cipherSuite;
    private FrameListener listener = DISCARD;
    private Runnable closeHandler;
    private boolean closed;
    private int lastOpcode = 1;
    private volatile long lastHeardNanos = System.nanoTime();
    private String failure;
    private boolean failureIsNetwork;

    DeviceLink(NetSocketInternal socket, String tlsProtocol, String cipherSuite) {
        this.socket = socket;
        this.tlsProtocol = tlsProtocol;
        this.cipherSuite = cipherSuite;
    }

    /** The socket is gone (the connector routes the socket's close event here once logged in). */
    void socketClosed() {
        if (closed) {
            return;
        }
        closed = true;
        Runnable h = closeHandler;
        closeHandler = null;
        if (h != null) {
            h.run();
        }
    }

    /** Called by the connector for every decoded frame (and for bytes that followed the upgrade). */
    void onMessage(Object msg) {
        try {
            lastHeardNanos = System.nanoTime();
            if (msg instanceof TextWebSocketFrame f) {
                lastOpcode = 1;
                listener.text(ByteBufUtil.getBytes(f.content()));
            } else if (msg instanceof BinaryWebSocketFrame f) {
                lastOpcode = 2;
                listener.binary(ByteBufUtil.getBytes(f.content()));
            } else if (msg instanceof ContinuationWebSocketFrame f) {
                // devices never fragment, but a continuation keeps its first frame's type (RFC 6455 5.4)
                byte[] b = ByteBufUtil.getBytes(f.content());
                if (lastOpcode == 2) {
                    listener.binary(b);
                } else {
                    listener.text(b);
                }
            } else if (msg instanceof CloseWebSocketFrame) {
                close(); // the device replies 88 00 to our close, or is going away: either way we are done
            }
            // pings/pongs: devices never send them; ignore
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    public void listener(FrameListener l) {
        this.listener = l == null ? DISCARD : l;
    }

    /** Runs once when the connection is gone, whoever closed it. */
    public void onClose(Runnable r) {
        if (closed) {
            r.run();
        } else {
            this.closeHandler = r;
        }
    }

    /** REPL input: TEXT frames (BINARY frames would be parsed as file-protocol records by the device). */
    public Future<Void> sendText(byte[] b) {
        return send(new TextWebSocketFrame(Unpooled.wrappedBuffer(b)));
    }

    /** File-protocol bytes. */
    public Future<Void> sendBinary(byte[] b) {
        return send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(b)));
    }

    private Future<Void> send(WebSocketFrame f) {
        if (closed) {
            ReferenceCountUtil.release(f);
            return Future.failedFuture(new LinkException(LinkException.Kind.NETWORK, "connection closed"));
        }
        return socket.writeMessage(f);
    }

    /**
     * The connection failed under us (a frame over the size cap, a malformed frame, a TLS error): keep the
     * reason for whoever reports the drop, then close. Without it a protocol violation by the device would
     * be reported as if the device had closed the connection.
     */
    void failed(String reason) {
        fail(reason, false);
    }

    /** The network failed under us (keepalive timeout, reset): keep the reason, then close. */
    void lost(String reason) {
        fail(reason, true);
    }

    private void fail(String reason, boolean network) {
        if (failure == null) {
            failure = reason;
            failureIsNetwork = network;
        }
        close();
    }

    /** True when {@link #failure()} is a network error rather than bad data from the device. */
    public boolean failureIsNetwork() {
        return failureIsNetwork;
    }

    /** Why the connection failed on our side, or null when it simply closed. */
    public String failure() {
        return failure;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes the TCP connection (the device treats EOF as the end of the session). */
    public void close() {
        if (!closed) {
            socket.close();
        }
    }

    public long lastHeardNanos() {
        return lastHeardNanos;
    }

    private long connectNanos;
    private java.time.Instant certificateNotAfter;

    /** TCP connect + TLS handshake time, and the device certificate's expiry (null for plain ws). */
    void connectFacts(long connectNanos, java.time.Instant certificateNotAfter) {
        this.connectNanos = connectNanos;
        this.certificateNotAfter = certificateNotAfter;
    }

    public long connectNanos() {
        return connectNanos;
    }

    public java.time.Instant certificateNotAfter() {
        return certificateNotAfter;
    }

    public String tlsProtocol() {
        return tlsProtocol;
    }

    public String cipherSuite() {
        return cipherSuite;
    }

    NetSocketInternal socket() {
        return socket;
    }

    static byte[] bytes(ByteBuf b) {
        return ByteBufUtil.getBytes(b);
    }
}
