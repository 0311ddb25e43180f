package dev.upyd.protocol.api;

import java.util.Arrays;
import java.util.Objects;

/** Client -> daemon during {@link Attach}: bytes typed by the user, forwarded to the REPL. Array not copied. */
public record Input(int requestId, byte[] data) implements Message {
    public Input {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Input m && requestId == m.requestId && Arrays.equals(data, m.data);
    }

    @Override
    public int hashCode() {
        return requestId * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Input[requestId=" + requestId + ", data=" + data.length + " bytes]";
    }
}
