package dev.upyd.pki.config;

import java.util.Locale;

/**
 * A device address as upydev writes it: {@code host} or {@code host:port} (IPv4, a {@code .local} name, or a
 * host name). Without a port, upydev uses 8833 for wss and 8266 for plain ws, and moves an explicit 8266 to
 * 8833 when wss is used (and back); upyd does the same so that upydev configurations behave alike.
 */
public record DeviceAddress(String host, int port, boolean explicitPort) {
    public static final int WSS_PORT = 8833;
    public static final int WS_PORT = 8266;

    public DeviceAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("empty device address");
        }
        // a host name, IPv4 or IPv6 literal: anything else (spaces, slashes, quotes) is a typo, and would end up
        // in logs, URLs and the Host header
        if (!host.matches("[A-Za-z0-9._-]+|[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?")) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or IP address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range in device address " + host);
        }
    }

    public static DeviceAddress parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("[")) { // [v6]:port; upydev itself has no IPv6, but do not mangle one
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unterminated '[' in device address " + text);
            }
            String host = t.substring(1, close);
            String rest = t.substring(close + 1);
            return rest.startsWith(":") ? new DeviceAddress(host, port(rest.substring(1), text), true)
                    : new DeviceAddress(host, 0, false);
        }
        int colon = t.lastIndexOf(':');
        if (colon > 0 && t.indexOf(':') == colon) {
            return new DeviceAddress(t.substring(0, colon), port(t.substring(colon + 1), text), true);
        }
        return new DeviceAddress(t, 0, false);
    }

    private static int port(String p, String whole) {
        try {
            return Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + p + "' is not a port number in device address " + whole);
        }
    }

    /** The port to connect to, following upydev's ws/wss port switching. */
    public int portFor(boolean tls) {
        if (!explicitPort) {
            return tls ? WSS_PORT : WS_PORT;
        }
        if (tls && port == WS_PORT) {
            return WSS_PORT;
        }
        if (!tls && port == WSS_PORT) {
            return WS_PORT;
        }
        return port;
    }

    public boolean isMdnsName() {
        return host.toLowerCase(Locale.ROOT).endsWith(".local");
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return explicitPort ? h + ":" + port : h;
    }
}
