package dev.upyd.sim;

import dev.upyd.pki.Providers;
import dev.upyd.pki.TlsMaterial;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small blocking WebREPL client for tests: a real TCP (and BCJSSE TLS) socket, the exact-case
 * upgrade, and Netty's WebSocket codecs on an EmbeddedChannel to mask/unmask frames.
 */
final class TestClient implements AutoCloseable {
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.ISO_8859_1);
        }
    }

    static final int TIMEOUT_MS = 5000;

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final EmbeddedChannel codec = new EmbeddedChannel(
            new WebSocket13FrameDecoder(false, false, 1 << 20, true), new CloseTolerance(),
            new WebSocket13FrameEncoder(true));

    /**
     * Netty's decoder drops everything after a CLOSE; a device keeps talking after its 88 00 reply. Replacing
     * the decoder while it delivers the CLOSE makes it hand its remaining bytes on (as a ByteBuf, re-fed).
     */
    private static final class CloseTolerance extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            boolean close = msg instanceof CloseWebSocketFrame;
            ctx.fireChannelRead(msg); // first, so that it is queued before the bytes that followed it
            if (close) {
                ctx.pipeline().replace(WebSocket13FrameDecoder.class, "decoder",
                        new WebSocket13FrameDecoder(false, false, 1 << 20, true));
            }
        }
    }
    private final Deque<Frame> frames = new ArrayDeque<>();
    private byte[] afterHead = new byte[0];
    private boolean eof;

    private TestClient(Socket s) throws IOException {
        this(s, s.getInputStream(), s.getOutputStream());
    }

    /** Over streams of another TLS stack on {@code s} (e.g. BC's low-level API). */
    TestClient(Socket s, InputStream in, OutputStream out) throws IOException {
        this.socket = s;
        s.setSoTimeout(TIMEOUT_MS);
        s.setTcpNoDelay(true);
        this.in = in;
        this.out = out;
    }

    static TestClient plain(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
        return new TestClient(s);
    }

    /** TLS 1.2 with BCJSSE; {@code client} null = no client certificate. */
    static TestClient tls(int port, TlsMaterial client, TlsMaterial trust, String... suites) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS", Providers.BCJSSE);
        KeyManager[] km = client == null ? null : client.keyManagers().getKeyManagers();
        ctx.init(km, trust.trustManagers().getTrustManagers(), new SecureRandom());
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
        raw.setTcpNoDelay(true);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, "127.0.0.1", port, true);
        s.setEnabledProtocols(new String[] {"TLSv1.2"});
        if (suites.length > 0) {
            s.setEnabledCipherSuites(suites);
        }
        s.setSoTimeout(TIMEOUT_MS);
        try {
            s.startHandshake();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new TestClient(s);
    }

    String cipherSuite() {
        return ((SSLSocket) socket).getSession().getCipherSuite();
    }

    /** Sends the upgrade request (exact case unless {@code lowerCase}); returns the response head. */
    String upgrade(boolean lowerCase) throws IOException {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        String k = Base64.getEncoder().encodeToString(key);
        String req = lowerCase
                ? "GET / HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: Upgrade\r\nupgrade: websocket\r\nsec-websocket-key: " + k
                        + "\r\nsec-websocket-version: 13\r\n\r\n"
                : "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: " + k
                        + "\r\nSec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1\r\n\r\n";
        out.write(req.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (true) {
            int n = in.read(buf);
            if (n < 0) {
                eof = true;
                return head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(buf, 0, n);
            String s = head.toString(StandardCharsets.ISO_8859_1);
            int end = s.indexOf("\r\n\r\n");
            if (end >= 0 && s.startsWith("HTTP/1.1 101")) {
                byte[] all = head.toByteArray();
                afterHead = java.util.Arrays.copyOfRange(all, end + 4, all.length);
                return s.substring(0, end + 4);
            }
        }
    }

    /** Everything the server sends until it closes (for non-WebSocket replies). */
    String readAllRaw() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) > 0; ) {
            b.write(buf, 0, n);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    void login(String password) throws IOException {
        expect("Password: ");
        sendText(password + "\r");
        expect("\r\nWebREPL connected\r\n>>> ");
    }

    void sendText(String s) throws IOException {
        sendText(s.getBytes(StandardCharsets.UTF_8));
    }

    void sendText(byte[] b) throws IOException {
        write(new TextWebSocketFrame(Unpooled.wrappedBuffer(b)));
    }

    void sendBinary(byte[] b) throws IOException {
        write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(b)));
    }

    void sendClose(byte[] payload) throws IOException {
        write(new CloseWebSocketFrame(true, 0, Unpooled.wrappedBuffer(payload)));
    }

    void sendPing(byte[] payload) throws IOException {
        write(new PingWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    }

    /** A CLOSE with {@code payload} and a TEXT frame in one TCP write. */
    void sendCloseThenText(byte[] payload, String text) throws IOException {
        codec.writeOutbound(new CloseWebSocketFrame(true, 0, Unpooled.wrappedBuffer(payload)));
        codec.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8))));
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        for (ByteBuf b; (b = codec.readOutbound()) != null; ) {
            both.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        out.write(both.toByteArray());
        out.flush();
    }

    private void write(WebSocketFrame f) throws IOException {
        codec.writeOutbound(f);
        for (ByteBuf b; (b = codec.readOutbound()) != null; ) {
            out.write(ByteBufUtil.getBytes(b));
            b.release();
        }
        out.flush();
    }

    /** The next frame from the device; null on EOF. */
    Frame readFrame() throws IOException {
        while (frames.isEmpty()) {
            if (afterHead.length > 0) {
                feed(afterHead, afterHead.length);
                afterHead = new byte[0];
                continue;
            }
            if (eof) {
                return null;
            }
            byte[] buf = new byte[16384];
            int n;
            try {
                n = in.read(buf);
            } catch (javax.net.ssl.SSLException e) {
                n = -1; // devices end with a bare FIN, no close_notify
            } catch (java.net.SocketException e) {
                n = -1; // RST
            }
            if (n < 0) {
                eof = true;
                return null;
            }
            feed(buf, n);
        }
        return frames.poll();
    }

    private void feed(byte[] b, int n) {
        codec.writeInbound(Unpooled.wrappedBuffer(b, 0, n));
        for (Object o; (o = codec.readInbound()) != null; ) {
            if (o instanceof ByteBuf rest) {
                // bytes the replaced decoder still held (see below)
                byte[] r = ByteBufUtil.getBytes(rest);
                rest.release();
                feed(r, r.length);
                continue;
            }
            WebSocketFrame f = (WebSocketFrame) o;
            int op = f instanceof TextWebSocketFrame ? 1 : f instanceof BinaryWebSocketFrame ? 2
                    : f instanceof CloseWebSocketFrame ? 8 : 0;
            frames.add(new Frame(op, ByteBufUtil.getBytes(f.content())));
            f.release();
        }
    }

    private final StringBuilder text = new StringBuilder();

    /** Reads TEXT frames until {@code marker} has arrived; returns the text up to and including it. */
    String expect(String marker) throws IOException {
        while (text.indexOf(marker) < 0) {
            Frame f = readFrame();
            if (f == null) {
                throw new IOException("connection closed while waiting for '" + esc(marker) + "'; got '" + esc(text.toString()) + "'");
            }
            if (f.opcode() == 1) {
                text.append(f.text());
            } else {
                throw new IOException("unexpected frame opcode " + f.opcode() + " while waiting for text");
            }
        }
        int end = text.indexOf(marker) + marker.length();
        String got = text.substring(0, end);
        text.delete(0, end);
        return got;
    }

    /** The next BINARY frame (skipping nothing: a text frame here is a failure). */
    byte[] readBinary() throws IOException {
        Frame f = readFrame();
        if (f == null) {
            throw new IOException("connection closed while waiting for a binary frame");
        }
        if (f.opcode() != 2) {
            throw new IOException("expected a binary frame, got opcode " + f.opcode() + ": " + esc(f.text()));
        }
        return f.payload();
    }

    /** True when the device closes the connection (EOF) before sending anything more than text. */
    boolean closedByPeer() throws IOException {
        while (true) {
            Frame f;
            try {
                f = readFrame();
            } catch (SocketTimeoutException e) {
                return false;
            }
            if (f == null) {
                return true;
            }
            if (f.opcode() == 1) {
                text.append(f.text());
            }
        }
    }

    /**
     * Raw-paste as mpremote does it, honouring the device's flow control: from the raw REPL prompt, sends
     * {@code code} and returns everything after the window header up to the final {@code \x04>},
     * with the window-grant bytes removed.
     */
    String rawPaste(byte[] code) throws IOException {
        sendText("\u0005A\u0001");
        String hello = expect("R\u0001");
        if (!hello.endsWith("R\u0001")) {
            throw new IOException("no raw-paste support: " + esc(hello));
        }
        while (text.length() < 3) {
            Frame f = readFrame();
            if (f == null) {
                throw new IOException("closed during raw-paste negotiation");
            }
            text.append(f.text());
        }
        int window = (text.charAt(0) & 0xff) | (text.charAt(1) & 0xff) << 8;
        if (text.charAt(2) != 1) {
            throw new IOException("raw-paste: expected \\x01 after the window, got " + esc(text.toString()));
        }
        text.delete(0, 3);
        long credit = 2L * window;
        int sent = 0;
        while (sent < code.length) {
            while (credit > 0 && sent < code.length) {
                int n = (int) Math.min(credit, Math.min(window, code.length - sent));
                sendText(java.util.Arrays.copyOfRange(code, sent, sent + n));
                sent += n;
                credit -= n;
            }
            if (sent < code.length) {
                String got = expect("\u0001");
                if (got.indexOf('\u0004') >= 0) {
                    throw new IOException("device ended raw-paste early: " + esc(got));
                }
                credit += window;
            }
        }
        sendText("\u0004");
        return expect("\u0004>").replace("\u0001", "");
    }

    /** Text received but not consumed by expect(). */
    String pendingText() {
        return text.toString();
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        codec.finishAndReleaseAll();
        socket.close();
    }
}
