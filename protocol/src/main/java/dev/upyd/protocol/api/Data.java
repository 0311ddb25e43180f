package dev.upyd.protocol.api;

import java.util.Arrays;
import java.util.Objects;

/** A chunk of file content (either direction); an empty chunk ends the file. Array not copied. */
public record Data(int requestId, byte[] chunk) implements Message {
    public Data {
        Objects.requireNonNull(chunk, "chunk");
    }

    public boolean isEnd() {
        return chunk.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Data m && requestId == m.requestId && Arrays.equals(chunk, m.chunk);
    }

    @Override
    public int hashCode() {
        return requestId * 31 + Arrays.hashCode(chunk);
    }

    @Override
    public String toString() {
        return "Data[requestId=" + requestId + ", chunk=" + chunk.length + " bytes]";
    }
}
