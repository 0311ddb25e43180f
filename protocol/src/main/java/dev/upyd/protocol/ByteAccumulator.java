package dev.upyd.protocol;

import java.util.Arrays;

/**
 * A growable byte buffer with a hard cap: decoders that must wait for a delimiter use it so that a hostile or
 * broken peer cannot make them allocate without bound.
 */
public final class ByteAccumulator {
    private final int cap;
    private final String what;
    private byte[] buf = new byte[64];
    private int size;

    public ByteAccumulator(int cap, String what) {
        this.cap = cap;
        this.what = what;
    }

    public void append(byte[] b, int off, int len) {
        Bytes.checkRange(b, off, len);
        if (len > cap - size) {
            throw new ProtocolException(what + " exceeds the " + cap + "-byte limit");
        }
        if (size + len > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(cap, Math.max(buf.length * 2, size + len)));
        }
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    public int size() {
        return size;
    }

    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    public byte[] copy(int from, int to) {
        return Arrays.copyOfRange(buf, from, to);
    }

    /** Drops the first {@code n} bytes. */
    public void discard(int n) {
        System.arraycopy(buf, n, buf, 0, size - n);
        size -= n;
    }

    public void clear() {
        size = 0;
    }
}
