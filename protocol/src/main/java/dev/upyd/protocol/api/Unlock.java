package dev.upyd.protocol.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * Client -> daemon: the passphrase of the host TLS key. The array is NOT copied so that the receiver can wipe it
 * ({@link #wipe()}) once used; toString never shows it.
 */
public record Unlock(int requestId, char[] passphrase) implements Message {
    public Unlock {
        Objects.requireNonNull(passphrase, "passphrase");
    }

    /** Overwrites the passphrase with zeros. */
    public void wipe() {
        Arrays.fill(passphrase, '\0');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Unlock m && requestId == m.requestId && Arrays.equals(passphrase, m.passphrase);
    }

    @Override
    public int hashCode() {
        return requestId; // never derived from the secret
    }

    @Override
    public String toString() {
        return "Unlock[requestId=" + requestId + ", passphrase=***]";
    }
}
