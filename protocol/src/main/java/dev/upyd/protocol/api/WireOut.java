package dev.upyd.protocol.api;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Big-endian writer for message payloads (DataOutput style, but growable and without IOException). */
final class WireOut {
    private byte[] buf = new byte[64];
    private int size;

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }

    void u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    void i32(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    void i64(long v) {
        i32((int) (v >>> 32));
        i32((int) v);
    }

    void bytes(byte[] b) {
        i32(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    void str(String s, String field) {
        if (s == null) {
            throw new NullPointerException(field);
        }
        bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Secret text: encoded without creating a String, and the temporary buffer is wiped. */
    void secret(char[] chars) {
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] tmp = new byte[bb.remaining()];
        bb.get(tmp);
        Arrays.fill(bb.array(), (byte) 0);
        bytes(tmp);
        Arrays.fill(tmp, (byte) 0);
    }

    int size() {
        return size;
    }

    byte[] array() {
        return buf;
    }

    void putInt(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }
}
