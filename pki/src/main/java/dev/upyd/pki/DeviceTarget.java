package dev.upyd.pki;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * The address a device is reached at, {@code host[:port]} as configured ({@code 192.168.1.42},
 * {@code esp_room1.local:8833}, {@code [fe80::1]:8833}), and the subjectAltName entries that name it.
 *
 * @param configured the text as given, which upydev puts into the device certificate's SN
 */
public record DeviceTarget(String configured, String host, int port) {
    /** WebSecureREPL's port; upydev's SAN strings carry it even when the configured address has none. */
    public static final int WSS_PORT = 8833;
    /** The device's own access-point address, which upydev always adds to the SAN. */
    public static final String DEVICE_AP_URL = "wss://192.168.4.1:" + WSS_PORT;

    public DeviceTarget {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("empty device address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range in device address " + configured);
        }
    }

    public static DeviceTarget parse(String address) {
        String a = address == null ? "" : address.trim();
        if (a.isEmpty()) {
            throw new IllegalArgumentException("empty device address");
        }
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed [ in device address " + a);
            }
            String host = a.substring(1, close);
            String rest = a.substring(close + 1);
            return new DeviceTarget(a, host, rest.isEmpty() ? WSS_PORT : port(a, rest.substring(1)));
        }
        int colon = a.lastIndexOf(':');
        if (colon > 0 && a.indexOf(':') == colon) {
            return new DeviceTarget(a, a.substring(0, colon), port(a, a.substring(colon + 1)));
        }
        return new DeviceTarget(a, a, WSS_PORT); // a plain name, an IPv4, or an IPv6 without brackets
    }

    /**
     * The target for a WebSecureREPL certificate from an address as upydev configures it: no port means
     * 8833, and an explicit ws port 8266 becomes 8833, as upydev switches it when connecting over wss.
     */
    public static DeviceTarget forWss(String configured) {
        dev.upyd.pki.config.DeviceAddress a = dev.upyd.pki.config.DeviceAddress.parse(configured);
        return new DeviceTarget(configured.trim(), a.host(), a.portFor(true));
    }

    private static int port(String address, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port \"" + text + "\" in device address " + address);
        }
    }

    public boolean isIpLiteral() {
        return DeviceIdentity.ipLiteral(host) != null;
    }

    /**
     * upydev's name for the device as OpenSSL checks it: {@code wss://<host>:<port>}. (upydev itself
     * appends ":8833" even when the address has a port, giving {@code wss://h:p:8833}; that string can
     * never match its own check, so we write the one that does.)
     */
    public String url() {
        boolean v6 = host.indexOf(':') >= 0;
        return "wss://" + (v6 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The SAN of a device certificate: upydev's two URL strings as dNSName (so upydev still connects),
     * then the proper entry for the host (iPAddress for an IP literal, dNSName for a name).
     */
    public List<GeneralName> subjectAltNames() {
        List<GeneralName> out = new ArrayList<>();
        out.add(new GeneralName(GeneralName.dNSName, url()));
        if (!url().equals(DEVICE_AP_URL)) {
            out.add(new GeneralName(GeneralName.dNSName, DEVICE_AP_URL));
        }
        out.add(isIpLiteral() ? new GeneralName(GeneralName.iPAddress, host)
                : new GeneralName(GeneralName.dNSName, host.toLowerCase(Locale.ROOT)));
        return out;
    }
}
