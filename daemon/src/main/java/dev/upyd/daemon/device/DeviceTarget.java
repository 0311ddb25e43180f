package dev.upyd.daemon.device;

import dev.upyd.pki.config.GroupEntry;
import java.util.Objects;

/**
 * Where and how to reach one device: the group entry reduced to what a connection needs. The
 * password is held here because every reconnect needs it; {@link #toString()} never shows it.
 */
public final class DeviceTarget {
    private final String name;
    private final String host;
    private final int port;
    private final boolean tls;
    private final String password;
    private final String passphrase;

    public DeviceTarget(String name, String host, int port, boolean tls, String password, String passphrase) {
        this.name = Objects.requireNonNull(name);
        this.host = Objects.requireNonNull(host);
        this.port = port;
        this.tls = tls;
        this.password = Objects.requireNonNull(password);
        this.passphrase = passphrase;
    }

    public static DeviceTarget of(GroupEntry e) {
        return new DeviceTarget(e.name(), e.deviceAddress().host(), e.port(), e.wantsTls(), e.password(),
                e.passphrase());
    }

    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean tls() {
        return tls;
    }

    public String password() {
        return password;
    }

    /** The host-key passphrase from the group entry (upydev's {@code password:passphrase}), or null. */
    public String passphrase() {
        return passphrase;
    }

    public String url() {
        return (tls ? "wss://" : "ws://") + host + ":" + port;
    }

    /** Same connection parameters (a config reload with an equal target keeps the session). */
    public boolean sameAs(DeviceTarget o) {
        return o != null && name.equals(o.name) && host.equals(o.host) && port == o.port && tls == o.tls
                && password.equals(o.password) && Objects.equals(passphrase, o.passphrase);
    }

    @Override
    public String toString() {
        return name + " (" + url() + ")";
    }
}
