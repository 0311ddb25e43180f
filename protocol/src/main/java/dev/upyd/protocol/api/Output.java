package dev.upyd.protocol.api;

import java.util.Arrays;
import java.util.Objects;

/** Daemon -> client: device output bytes (not necessarily UTF-8, not line-aligned). Array not copied. */
public record Output(int requestId, int stream, byte[] data) implements Message {
    public static final int STDOUT = 1;
    public static final int STDERR = 2;

    public Output {
        Objects.requireNonNull(data, "data");
        if (stream != STDOUT && stream != STDERR) {
            throw new IllegalArgumentException("unknown output stream " + stream + " (1 stdout, 2 stderr)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Output m && requestId == m.requestId && stream == m.stream && Arrays.equals(data, m.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestId, stream) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Output[requestId=" + requestId + ", stream=" + stream + ", data=" + data.length + " bytes]";
    }
}
