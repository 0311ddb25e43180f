package dev.upyd.protocol.api;

import java.util.Objects;

/**
 * One device of the group as the daemon sees it. Unknown values are "" (strings) or 0 (times).
 *
 * @param state             e.g. "online", "connecting", "offline", "backoff" (daemon-defined, shown as is)
 * @param onlineSinceMillis epoch millis of the current session's start, 0 if not online
 * @param nextRetryAtMillis epoch millis of the next reconnect attempt, 0 if none planned
 * @param firmware          e.g. "1.28.0" from GET_VER
 */
public record DeviceInfo(String name, String address, String state, String tlsProtocol, String cipherSuite,
                         long onlineSinceMillis, String lastError, long nextRetryAtMillis, String firmware) {
    public DeviceInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(tlsProtocol, "tlsProtocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(firmware, "firmware");
    }
}
