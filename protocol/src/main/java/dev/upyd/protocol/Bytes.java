package dev.upyd.protocol;

import java.nio.charset.StandardCharsets;

/** Helpers shared by the codecs: escaping device bytes for error messages, and a bounded byte buffer. */
public final class Bytes {
    private Bytes() {
    }

    /** Python-like escaped rendering of bytes, cut at {@code max} bytes, so error messages stay readable and short. */
    public static String escape(byte[] b, int off, int len, int max) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(len, max);
        for (int i = 0; i < n; i++) {
            int c = b[off + i] & 0xff;
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        if (len > max) {
            sb.append("...(").append(len - max).append(" more bytes)");
        }
        return sb.toString();
    }

    public static String escape(byte[] b) {
        return escape(b, 0, b.length, 120);
    }

    public static String escape(String s) {
        return escape(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Index of {@code needle} in {@code hay[from, to)} or -1. */
    public static int indexOf(byte[] hay, int from, int to, byte[] needle) {
        outer:
        for (int i = Math.max(from, 0); i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    public static void checkRange(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IndexOutOfBoundsException("off=" + off + " len=" + len + " array=" + b.length);
        }
    }
}
