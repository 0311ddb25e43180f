package dev.upyd.sim;

/**
 * A snapshot of one simulated device's counters.
 *
 * @param connectionsAccepted TCP connections the device accepted (including rejected concurrent ones)
 * @param tlsHandshakesCompleted TLS handshakes that completed (wss only)
 * @param tlsHandshakesFailed TLS handshakes that failed or timed out (wss only)
 * @param loginsOk correct passwords
 * @param loginsDenied wrong passwords ("Access denied")
 * @param concurrentRejected connections closed at once because a client was already connected
 * @param fileOps WA requests handled (PUT, GET, GET_VER), counted when the request header is complete
 * @param resets soft resets, machine.reset() and {@link SimulatedDevice#restart()}
 */
public record DeviceStats(String name, long connectionsAccepted, long tlsHandshakesCompleted, long tlsHandshakesFailed,
        long loginsOk, long loginsDenied, long concurrentRejected, long fileOps, long resets) {

    /** One JSON object, keys in a fixed order (hand-written: eight numbers do not need a JSON library). */
    public String toJson() {
        return "{\"name\":\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
                + ",\"connectionsAccepted\":" + connectionsAccepted
                + ",\"tlsHandshakesCompleted\":" + tlsHandshakesCompleted
                + ",\"tlsHandshakesFailed\":" + tlsHandshakesFailed
                + ",\"loginsOk\":" + loginsOk
                + ",\"loginsDenied\":" + loginsDenied
                + ",\"concurrentRejected\":" + concurrentRejected
                + ",\"fileOps\":" + fileOps
                + ",\"resets\":" + resets + "}";
    }
}
