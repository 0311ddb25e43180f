package dev.upyd.protocol.api;

import dev.upyd.protocol.ProtocolException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Big-endian reader over one complete payload; every read is bounds-checked against the payload. */
final class WireIn {
    private final byte[] b;
    private int pos;
    private final int end;
    private final String what;

    WireIn(byte[] b, int off, int len, String what) {
        this.b = b;
        this.pos = off;
        this.end = off + len;
        this.what = what;
    }

    private void need(int n, String field) {
        if (n < 0 || end - pos < n) {
            throw new ProtocolException(what + ": truncated payload reading " + field + " (need " + n + " bytes, "
                    + (end - pos) + " left)");
        }
    }

    int u8(String field) {
        need(1, field);
        return b[pos++] & 0xff;
    }

    int i32(String field) {
        need(4, field);
        int v = (b[pos] & 0xff) << 24 | (b[pos + 1] & 0xff) << 16 | (b[pos + 2] & 0xff) << 8 | (b[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    long i64(String field) {
        long hi = i32(field) & 0xFFFF_FFFFL;
        long lo = i32(field) & 0xFFFF_FFFFL;
        return hi << 32 | lo;
    }

    private int length(String field) {
        int n = i32(field + " length");
        if (n < 0) {
            throw new ProtocolException(what + ": negative length " + n + " for " + field);
        }
        need(n, field);
        return n;
    }

    byte[] bytes(String field) {
        int n = length(field);
        byte[] r = Arrays.copyOfRange(b, pos, pos + n);
        pos += n;
        return r;
    }

    String str(String field) {
        int n = length(field);
        try {
            String s = decoder().decode(ByteBuffer.wrap(b, pos, n)).toString();
            pos += n;
            return s;
        } catch (CharacterCodingException e) {
            throw new ProtocolException(what + ": " + field + " is not valid UTF-8");
        }
    }

    char[] secret(String field) {
        int n = length(field);
        try {
            CharBuffer cb = decoder().decode(ByteBuffer.wrap(b, pos, n));
            char[] r = new char[cb.remaining()];
            cb.get(r);
            Arrays.fill(cb.array(), '\0');
            Arrays.fill(b, pos, pos + n, (byte) 0); // the frame buffer held the secret too
            pos += n;
            return r;
        } catch (CharacterCodingException e) {
            Arrays.fill(b, pos, pos + n, (byte) 0);
            throw new ProtocolException(what + ": " + field + " is not valid UTF-8");
        }
    }

    /** A list count, bounded by what the remaining bytes could hold (each element at least {@code minSize}). */
    int count(String field, int minSize) {
        int n = i32(field + " count");
        if (n < 0 || (long) n * minSize > end - pos) {
            throw new ProtocolException(what + ": impossible " + field + " count " + n);
        }
        return n;
    }

    void finish() {
        if (pos != end) {
            throw new ProtocolException(what + ": " + (end - pos) + " unexpected bytes after the payload");
        }
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
