package dev.upyd.protocol.api;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Client -> daemon: upload {@code size} bytes to {@code remotePath}; the content follows in {@link Data}
 * messages with the same request id, ended by an empty Data. The daemon checks the received bytes against
 * {@code sha256} (32 bytes) before it reports success.
 */
public record PutFile(int requestId, String device, String remotePath, long size, byte[] sha256) implements Message {
    public PutFile {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(remotePath, "remotePath");
        Objects.requireNonNull(sha256, "sha256");
        if (sha256.length != 32) {
            throw new IllegalArgumentException("sha256 must be 32 bytes, got " + sha256.length);
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative file size " + size);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PutFile m && requestId == m.requestId && size == m.size && device.equals(m.device)
                && remotePath.equals(m.remotePath) && Arrays.equals(sha256, m.sha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestId, device, remotePath, size) * 31 + Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
        return "PutFile[requestId=" + requestId + ", device=" + device + ", remotePath=" + remotePath + ", size="
                + size + ", sha256=" + HexFormat.of().formatHex(sha256) + "]";
    }
}
