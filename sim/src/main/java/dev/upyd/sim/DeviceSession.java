package dev.upyd.sim;

import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.webrepl.DevicePasswordReader;
import dev.upyd.protocol.ws.DeviceUpgradeParser;
import dev.upyd.sim.session.FileOpException;
import dev.upyd.sim.session.FileTransfer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection of a simulated device, from TCP accept to close: optional TLS, the device's
 * hand-written upgrade (exact-case header names), the password prompt, then REPL text in and out and
 * the binary file protocol. All methods run on the device's event loop.
 */
final class DeviceSession {
    private static final Logger LOG = Logger.getLogger(DeviceSession.class.getName());
    private static final String DECODER = "upyd-ws-decoder";
    private static final String ENCODER = "upyd-ws-encoder";

    enum State { TLS, UPGRADE, PASSWORD, REPL, CLOSED }

    private final SimulatedDevice device;
    private final NetSocketInternal socket;
    private final DeviceUpgradeParser upgrade = new DeviceUpgradeParser();
    private final DevicePasswordReader password = new DevicePasswordReader();
    private final FileTransfer files;
    private State state;
    private WebSocket13FrameDecoder decoder;
    private int fragmentOpcode = -1;
    private boolean stalled;
    private final Deque<Object[]> heldInput = new ArrayDeque<>();
    private final Deque<Held> heldOutput = new ArrayDeque<>();
    private int heldOutputBytes;
    private final dev.upyd.sim.hostile.HostileSession hostile;

    /** A frame the device would have sent while it was stalled. */
    private record Held(byte[] bytes, boolean text) {
    }

    DeviceSession(SimulatedDevice device, NetSocketInternal socket) {
        this.device = device;
        this.socket = socket;
        this.files = new FileTransfer(device.root(), device.backendVersion(), this::sendBinary,
                device::countFileOp);
        this.hostile = new dev.upyd.sim.hostile.HostileSession(device.hostile(), new HostileLink());
    }

    /** What the hostile layer may do with this connection (honest devices never use it). */
    private final class HostileLink implements dev.upyd.sim.hostile.HostileSession.Link {
        @Override
        public void text(byte[] payload) {
            sendText(payload);
        }

        @Override
        public void binary(byte[] payload) {
            sendBinary(payload);
        }

        @Override
        public void raw(byte[] bytes) {
            if (state != State.CLOSED) {
                // a ByteBuf passes the frame encoder unchanged: the bytes reach TLS as they are
                socket.write(Buffer.buffer(bytes));
            }
        }

        @Override
        public void honestFileBytes(byte[] bytes) {
            offerFiles(bytes);
        }

        @Override
        public boolean writeQueueFull() {
            return socket.writeQueueFull();
        }

        @Override
        public void onDrain(Runnable r) {
            socket.drainHandler(v -> r.run());
        }

        @Override
        public boolean open() {
            return state == State.REPL;
        }
    }

    State state() {
        return state;
    }

    boolean loggedIn() {
        return state == State.REPL;
    }

    void begin(SslContext tls, long handshakeTimeoutMs) {
        socket.messageHandler(this::onMessage);
        socket.closeHandler(v -> ended());
        socket.exceptionHandler(t -> {
            LOG.log(Level.FINE, () -> device.name() + ": connection error: " + t);
            close();
        });
        if (tls == null) {
            state = State.UPGRADE;
            return;
        }
        state = State.TLS;
        // Added here, synchronously in the accept handler and before the first read, so no ClientHello
        // byte can reach us unencrypted (NetSocket.upgradeToSsl installs its handler asynchronously)
        SslHandler ssl = tls.newHandler(socket.channelHandlerContext().alloc());
        ssl.setHandshakeTimeoutMillis(handshakeTimeoutMs);
        // like mbedTLS on the board, the server's suite order decides
        javax.net.ssl.SSLParameters params = ssl.engine().getSSLParameters();
        params.setUseCipherSuitesOrder(true);
        ssl.engine().setSSLParameters(params);
        socket.channelHandlerContext().pipeline().addFirst("upyd-tls", ssl);
        ssl.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                device.countTls(true);
                if (state == State.TLS) {
                    state = State.UPGRADE;
                }
            } else {
                device.countTls(false);
                LOG.log(Level.FINE, () -> device.name() + ": TLS handshake failed: " + f.cause());
                close();
            }
        });
    }

    private void onMessage(Object msg) {
        LOG.finest(() -> device.name() + ": in " + msg);
        try {
            if (state == State.CLOSED) {
                return;
            }
            if (msg instanceof WebSocketFrame f) {
                onFrame(f);
            } else if (msg instanceof ByteBuf buf) {
                if (state == State.UPGRADE) {
                    onUpgradeBytes(ByteBufUtil.getBytes(buf));
                } else if (decoder != null) {
                    // bytes a replaced decoder still held (after a CLOSE with payload): decode them now
                    feedDecoder(decoder, ByteBufUtil.getBytes(buf));
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onUpgradeBytes(byte[] b) {
        if (state != State.UPGRADE) {
            return;
        }
        Optional<DeviceUpgradeParser.DeviceUpgrade> up;
        try {
            up = upgrade.offer(b, 0, b.length);
        } catch (ProtocolException e) {
            LOG.log(Level.FINE, () -> device.name() + ": " + e.getMessage());
            rejectUpgrade();
            return;
        }
        if (up.isEmpty()) {
            return;
        }
        // written raw, before the frame encoder exists: it passes non-frame messages through unchanged
        socket.write(Buffer.buffer(DeviceUpgradeParser.responseBytes(up.get().key())));
        ChannelPipeline p = socket.channelHandlerContext().pipeline();
        String vertxHandler = socket.channelHandlerContext().name();
        decoder = newDecoder();
        p.addBefore(vertxHandler, DECODER, decoder);
        p.addBefore(vertxHandler, ENCODER, new WebSocket13FrameEncoder(false));
        state = State.PASSWORD;
        sendText(DevicePasswordReader.PROMPT.getBytes(StandardCharsets.US_ASCII));
        byte[] leftover = up.get().leftover();
        if (leftover.length > 0) {
            feedDecoder(decoder, leftover);
        }
    }

    private WebSocket13FrameDecoder newDecoder() {
        return new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(true)
                .allowMaskMismatch(true) // the official webrepl_cli.py sends unmasked frames; boards accept them
                .allowExtensions(false)
                .maxFramePayloadLength(device.settings().maxInputFramePayload())
                .closeOnProtocolViolation(false) // a board just drops the socket, it never sends a close frame
                .withUTF8Validator(false) // REPL text need not be UTF-8
                .build());
    }

    private void feedDecoder(WebSocket13FrameDecoder decoder, byte[] bytes) {
        ChannelHandlerContext ctx = socket.channelHandlerContext().pipeline().context(DECODER);
        try {
            decoder.channelRead(ctx, Unpooled.wrappedBuffer(bytes));
        } catch (Exception e) {
            close();
        }
    }

    /** webrepl.py's answer to anything that is not its idea of a WebSocket request: the HTML client page. */
    private void rejectUpgrade() {
        String html = "HTTP/1.0 200 OK\r\n\r\n<base href=\"" + device.settings().staticHost() + "\"></base>\r\n"
                + "<script src=\"webreplv2_content.js\"></script>\r\n";
        release();
        socket.write(Buffer.buffer(html.getBytes(StandardCharsets.US_ASCII))).onComplete(ar -> socket.close());
    }

    private void onFrame(WebSocketFrame f) {
        int opcode;
        if (f instanceof TextWebSocketFrame) {
            opcode = 1;
        } else if (f instanceof BinaryWebSocketFrame) {
            opcode = 2;
        } else if (f instanceof ContinuationWebSocketFrame) {
            opcode = fragmentOpcode < 0 ? 2 : fragmentOpcode;
        } else if (f instanceof CloseWebSocketFrame) {
            opcode = 8;
        } else if (f instanceof PingWebSocketFrame) {
            opcode = 9;
        } else if (f instanceof PongWebSocketFrame) {
            opcode = 10;
        } else {
            return;
        }
        if (opcode < 8) {
            // modwebsocket.c keeps the first frame's opcode for its continuation frames
            fragmentOpcode = f.isFinalFragment() ? -1 : opcode;
        }
        byte[] payload = ByteBufUtil.getBytes(f.content());
        if (stalled) {
            heldInput.add(new Object[] {opcode, payload});
            return;
        }
        handle(opcode, payload);
    }

    private void handle(int opcode, byte[] payload) {
        if (state == State.CLOSED) {
            return;
        }
        if (opcode == 8) {
            // modwebsocket.c answers every CLOSE with 88 00; only an empty one ends the session, a status
            // code is handed on as data (transcript 15)
            socket.writeMessage(new CloseWebSocketFrame(true, 0, Unpooled.EMPTY_BUFFER));
            if (payload.length == 0) {
                close();
                return;
            }
            // Netty's decoder ignores everything after a CLOSE; the board keeps reading, so do we
            WebSocket13FrameDecoder fresh = newDecoder();
            WebSocket13FrameDecoder old = decoder;
            decoder = fresh;
            socket.channelHandlerContext().pipeline().replace(old, DECODER, fresh);
        }
        if (state == State.PASSWORD) {
            if (opcode >= 8) {
                return;
            }
            Optional<String> entered = password.offer(payload);
            if (entered.isEmpty()) {
                return;
            }
            if (!password.matches(device.password())) {
                device.countLogin(false);
                sendTextNow(DevicePasswordReader.DENIED.getBytes(StandardCharsets.US_ASCII));
                close();
                return;
            }
            device.countLogin(true);
            state = State.REPL;
            sendText(DevicePasswordReader.CONNECTED.getBytes(StandardCharsets.US_ASCII));
            byte[] rest = password.leftover();
            if (rest.length > 0) {
                handle(opcode, rest);
            }
            return;
        }
        if (state != State.REPL || payload.length == 0) {
            return;
        }
        if (opcode == 1) {
            if (!hostile.text(payload)) {
                device.typed(payload);
            }
            return;
        }
        // BINARY, and control-frame payloads, which the board's websocket hands to the same parser
        if (!hostile.binary(payload)) {
            offerFiles(payload);
        }
    }

    private void offerFiles(byte[] payload) {
        try {
            files.offer(payload);
        } catch (FileOpException e) {
            LOG.log(Level.FINE, () -> device.name() + ": file operation failed, dropping the session: " + e.getMessage());
            close();
        }
    }

    /** REPL output from the interpreter (or the device console): only after login, as modwebrepl.c does. */
    void replOutput(byte[] bytes) {
        if (state == State.REPL) {
            sendText(bytes);
        }
    }

    private void sendText(byte[] bytes) {
        send(bytes, true);
    }

    private void sendBinary(byte[] bytes) {
        send(bytes, false);
    }

    private void send(byte[] bytes, boolean text) {
        if (state == State.CLOSED) {
            return;
        }
        if (stalled) {
            if (heldOutputBytes + bytes.length <= device.settings().stalledOutputCap()) {
                heldOutput.add(new Held(bytes, text));
                heldOutputBytes += bytes.length;
            }
            return;
        }
        if (text) {
            sendTextNow(bytes);
        } else {
            socket.writeMessage(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
        }
    }

    private void sendTextNow(byte[] bytes) {
        int max = device.settings().maxOutputFramePayload();
        for (int off = 0; off < bytes.length; off += max) {
            byte[] part = Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + max));
            socket.writeMessage(new TextWebSocketFrame(Unpooled.wrappedBuffer(part)));
        }
    }

    void setStalled(boolean on) {
        if (stalled == on || state == State.CLOSED) {
            return;
        }
        stalled = on;
        socket.channelHandlerContext().channel().config().setAutoRead(!on);
        if (!on) {
            Deque<Held> out = new ArrayDeque<>(heldOutput);
            heldOutput.clear();
            heldOutputBytes = 0;
            // held output first, then the input that arrived meanwhile, in arrival order
            for (Held h : out) {
                send(h.bytes(), h.text());
            }
            while (!heldInput.isEmpty() && !stalled) {
                Object[] in = heldInput.poll();
                handle((Integer) in[0], (byte[]) in[1]);
            }
        }
    }

    /** Drops the connection (no close frame, no close_notify: a board just closes its socket). */
    void close() {
        release();
        socket.close();
    }

    /** The board frees its one WebREPL slot the moment it closes the socket, not when the peer notices. */
    private void release() {
        state = State.CLOSED;
        hostile.close();
        files.close();
        heldInput.clear();
        heldOutput.clear();
        device.sessionEnded(this);
    }

    private void ended() {
        release();
    }
}
