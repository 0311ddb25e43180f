package dev.upyd.protocol.pylit;

import java.util.Arrays;

/** A bytes value used as a dict key or set element: byte[] has identity equality, this has value equality. */
public record PyBytesKey(byte[] bytes) {
    public PyBytesKey {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PyBytesKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "b'" + dev.upyd.protocol.Bytes.escape(bytes) + "'";
    }
}
