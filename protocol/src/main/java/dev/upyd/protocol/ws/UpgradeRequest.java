package dev.upyd.protocol.ws;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Random;

/**
 * The client's HTTP upgrade request, written by hand in exactly the header case a MicroPython device expects.
 *
 * <p>Why not Netty's WebSocketClientHandshaker: Netty (and so Vert.x) writes header names in lower case
 * ({@code upgrade: websocket}, {@code sec-websocket-key}), while micropython-lib's webrepl.py and upydev's
 * wss_helper.py compare header names case-sensitively ({@code h == b"Sec-WebSocket-Key"}) and answer anything
 * else with an HTML page. So the bytes below must stay byte-for-byte as they are.
 */
public final class UpgradeRequest {
    private final String host;
    private final int port;
    private final String key;

    private UpgradeRequest(String host, int port, String key) {
        this.host = host;
        this.port = port;
        this.key = key;
    }

    /** Key = base64 of 16 random bytes (RFC 6455 4.1); the caller picks the Random (SecureRandom in production). */
    public static UpgradeRequest create(String host, int port, Random rnd) {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("invalid host name for the WebSocket upgrade: '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
        byte[] nonce = new byte[16];
        rnd.nextBytes(nonce);
        return new UpgradeRequest(host, port, Base64.getEncoder().encodeToString(nonce));
    }

    /** For replaying captures whose key is known (tests, the official client's fixed key {@code foo}). */
    public static UpgradeRequest withKey(String host, int port, String key) {
        return new UpgradeRequest(host, port, Objects.requireNonNull(key, "key"));
    }

    public String key() {
        return key;
    }

    public String expectedAccept() {
        return WebSocketAccept.of(key);
    }

    public byte[] bytes() {
        String s = "GET / HTTP/1.1\r\n"
                + "Host: " + hostHeader() + "\r\n"
                + "Connection: Upgrade\r\n"
                + "Upgrade: websocket\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** RFC 7230 Host: an IPv6 literal needs brackets before the port. */
    private String hostHeader() {
        boolean ipv6 = host.indexOf(':') >= 0 && !host.startsWith("[");
        return (ipv6 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "UpgradeRequest[" + host + ":" + port + ", key=" + key + "]";
    }
}
