package dev.upyd.pki.config;

import java.util.Objects;

/**
 * One WebSocket device of a group file: {@code "name": ["addr[:port]", "password[:passphrase]"]}.
 * The passphrase (for the host key) is optional; its presence makes upydev use wss with client
 * certificates, and so does upyd. {@link #toString()} never shows a secret.
 */
public record GroupEntry(String name, String address, String password, String passphrase) {

    public GroupEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(password, "password");
        if (name.isBlank()) {
            throw new IllegalArgumentException("empty device name");
        }
        DeviceAddress.parse(address); // fail early, with the reason
    }

    /** Splits upydev's {@code password[:passphrase]} field at the first colon. */
    public static GroupEntry of(String name, String address, String secretField) {
        int colon = secretField.indexOf(':');
        return colon < 0 ? new GroupEntry(name, address, secretField, null)
                : new GroupEntry(name, address, secretField.substring(0, colon), secretField.substring(colon + 1));
    }

    public DeviceAddress deviceAddress() {
        return DeviceAddress.parse(address);
    }

    /**
     * wss when a passphrase is configured (upydev's rule) or when the address names the wss port
     * explicitly (upyd: the passphrase may then come from {@code upyd unlock} instead of the file).
     */
    public boolean wantsTls() {
        DeviceAddress a = deviceAddress();
        return passphrase != null || (a.explicitPort() && a.port() == DeviceAddress.WSS_PORT);
    }

    public int port() {
        return deviceAddress().portFor(wantsTls());
    }

    /** The field as upydev stores it. */
    String secretField() {
        return passphrase == null ? password : password + ":" + passphrase;
    }

    @Override
    public String toString() {
        return "GroupEntry[" + name + " -> " + (wantsTls() ? "wss://" : "ws://") + deviceAddress().host() + ":" + port()
                + (passphrase != null ? ", passphrase set" : "") + "]";
    }
}
