package dev.upyd.protocol.ws;

import dev.upyd.protocol.Bytes;
import dev.upyd.protocol.ProtocolException;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Server side, as a MicroPython device does it, for the simulator: header names are compared case-SENSITIVELY
 * on purpose, so the simulator rejects the same clients a real board rejects (e.g. Netty's lower-case
 * handshake). Each header line is split at the first ':' and both halves stripped; a line without ':' makes the
 * device's {@code h, v = l.split(b":", 1)} fail, so it is rejected here too.
 *
 * <p>Two flavours: upydev's wss_helper.py (what WebSecureREPL boards and the transcripts run) and micropython-lib
 * webrepl.py both insist on {@code Sec-WebSocket-Key}; the newer stock webrepl.py additionally wants
 * {@code Connection: ...Upgrade...} and {@code Upgrade: websocket} (else it serves its HTML page), enabled with
 * {@code new DeviceUpgradeParser(true)}.
 */
public final class DeviceUpgradeParser {
    private final HttpHead head = new HttpHead("WebSocket upgrade request");
    private final boolean requireUpgradeHeaders;

    /** The wss_helper.py flavour: only {@code Sec-WebSocket-Key} is required. */
    public DeviceUpgradeParser() {
        this(false);
    }

    public DeviceUpgradeParser(boolean requireUpgradeHeaders) {
        this.requireUpgradeHeaders = requireUpgradeHeaders;
    }

    /** @param key the client's Sec-WebSocket-Key; leftover = bytes after the blank line (first frames). */
    public record DeviceUpgrade(String key, byte[] leftover) {
        public DeviceUpgrade {
            leftover = leftover.clone();
        }

        @Override
        public byte[] leftover() {
            return leftover.clone();
        }
    }

    public Optional<DeviceUpgrade> offer(byte[] chunk, int off, int len) {
        Optional<HttpHead.Head> h = head.offer(chunk, off, len, "WebSocket upgrade request");
        if (h.isEmpty()) {
            return Optional.empty();
        }
        String[] lines = h.get().text().split("\r\n", -1);
        String key = null;
        boolean connectionUpgrade = false;
        boolean upgradeWebsocket = false;
        // webrepl.py: the first line is skipped; then "h, v = l.split(b":", 1)", both stripped, exact-case compare.
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new ProtocolException("Not a websocket request: header line without ':': '"
                        + Bytes.escape(line) + "'");
            }
            String value = line.substring(colon + 1).strip();
            String name = line.substring(0, colon).strip();
            if (name.equals("Sec-WebSocket-Key")) {
                key = value;
            } else if (name.equals("Connection") && value.contains("Upgrade")) {
                connectionUpgrade = true;
            } else if (name.equals("Upgrade") && value.equals("websocket")) {
                upgradeWebsocket = true;
            }
        }
        if (key == null || key.isEmpty()) {
            throw new ProtocolException("Not a websocket request");
        }
        if (requireUpgradeHeaders && (!connectionUpgrade || !upgradeWebsocket)) {
            // the board answers such a request with its HTML client page and closes
            throw new ProtocolException("Not a websocket request: 'Connection: Upgrade' and 'Upgrade: websocket'"
                    + " are required in exactly this case");
        }
        return Optional.of(new DeviceUpgrade(key, h.get().leftover()));
    }

    public static byte[] responseBytes(String key) {
        return ("HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + WebSocketAccept.of(key) + "\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
