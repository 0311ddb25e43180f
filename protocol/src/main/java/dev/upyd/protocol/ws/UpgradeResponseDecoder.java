package dev.upyd.protocol.ws;

import dev.upyd.protocol.Bytes;
import dev.upyd.protocol.ProtocolException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Client side: reads the device's answer to {@link UpgradeRequest}. Header names are matched case-insensitively
 * here (RFC 7230), only the request we send must be exact-case. The device's first WebSocket frame
 * ({@code Password: }) often arrives in the same read, hence {@link UpgradeResponse#leftover()}.
 */
public final class UpgradeResponseDecoder {
    private final String expectedAccept;
    private final HttpHead head = new HttpHead("WebSocket upgrade response");

    /**
     * @param status   the HTTP status code (always 101 when returned)
     * @param headers  header names lower-cased, values trimmed; a repeated header keeps the last value
     * @param leftover bytes after the blank line: the start of the WebSocket stream
     */
    public record UpgradeResponse(int status, Map<String, String> headers, byte[] leftover) {
        public UpgradeResponse {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            leftover = leftover.clone();
        }

        @Override
        public byte[] leftover() {
            return leftover.clone();
        }
    }

    public UpgradeResponseDecoder(String expectedAccept) {
        this.expectedAccept = expectedAccept;
    }

    public Optional<UpgradeResponse> offer(byte[] chunk, int off, int len) {
        Optional<HttpHead.Head> h = head.offer(chunk, off, len, "WebSocket upgrade response");
        if (h.isEmpty()) {
            return Optional.empty();
        }
        String text = h.get().text();
        String[] lines = text.split("\r\n", -1);
        String statusLine = lines[0];
        int status = parseStatus(statusLine, text, h.get().leftover());
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("malformed header line in the WebSocket upgrade response: '"
                        + Bytes.escape(line) + "'");
            }
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        String accept = headers.get("sec-websocket-accept");
        if (accept == null) {
            throw new ProtocolException("the WebSocket upgrade response has no Sec-WebSocket-Accept header");
        }
        if (!accept.equals(expectedAccept)) {
            throw new ProtocolException("wrong Sec-WebSocket-Accept: expected " + expectedAccept + ", got " + accept);
        }
        return Optional.of(new UpgradeResponse(status, headers, h.get().leftover()));
    }

    /**
     * The connection ended before the upgrade completed: always a failure; the message shows what did arrive
     * (e.g. a stock board's HTML page without a blank line, or nothing at all).
     */
    public ProtocolException endOfStream() {
        byte[] seen = head.buffered();
        if (seen.length == 0) {
            return new ProtocolException("the connection closed before any WebSocket upgrade response");
        }
        return new ProtocolException("the connection closed in the middle of the WebSocket upgrade response after "
                + seen.length + " bytes: '" + Bytes.escape(seen, 0, seen.length, 200) + "'");
    }

    private static int parseStatus(String statusLine, String all, byte[] body) {
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new ProtocolException("not an HTTP response to the WebSocket upgrade: '"
                    + Bytes.escape(statusLine) + "'");
        }
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = parts.length < 2 ? -1 : Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            status = -1;
        }
        if (status < 0) {
            throw new ProtocolException("malformed HTTP status line: '" + Bytes.escape(statusLine) + "'");
        }
        if (status != 101 || !parts[0].equals("HTTP/1.1")) {
            String lower = (all + "\r\n\r\n" + new String(body, 0, Math.min(body.length, 2048),
                    java.nio.charset.StandardCharsets.ISO_8859_1)).toLowerCase(Locale.ROOT);
            boolean html = lower.contains("text/html") || lower.contains("<html") || lower.contains("<!doctype")
                    || lower.contains("<script") || lower.contains("<base");
            throw new ProtocolException("WebSocket upgrade refused: '" + Bytes.escape(statusLine) + "'"
                    + (html ? " (the device answered with an HTML page: not a WebSocket endpoint,"
                    + " or it rejected the upgrade headers)" : ""));
        }
        return status;
    }
}
