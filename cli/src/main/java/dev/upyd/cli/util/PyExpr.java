package dev.upyd.cli.util;

import dev.upyd.protocol.pylit.PyBytesKey;
import dev.upyd.protocol.pylit.PyNone;
import dev.upyd.protocol.pylit.PyTuple;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Host values (YAML scalars and collections, or what {@link dev.upyd.protocol.pylit.PythonLiteral} read) as
 * MicroPython source. Only literals come out (strings through {@link PyStr}), so a value from a file can
 * never become code; {@code inf}/{@code nan} become {@code float('inf')}, which MicroPython has no literal for.
 */
public final class PyExpr {
    private static final int MAX_DEPTH = 100;

    private PyExpr() {
    }

    public static String of(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH + " levels");
        }
        if (v == null || v == PyNone.NONE) {
            sb.append("None");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "True" : "False");
        } else if (v instanceof Integer || v instanceof Long || v instanceof BigInteger || v instanceof Short) {
            sb.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                sb.append("float('nan')");
            } else if (Double.isInfinite(d)) {
                sb.append(d > 0 ? "float('inf')" : "float('-inf')");
            } else {
                sb.append(d);
            }
        } else if (v instanceof byte[] b) {
            bytes(sb, b);
        } else if (v instanceof PyBytesKey k) {
            bytes(sb, k.bytes());
        } else if (v instanceof PyTuple t) {
            sb.append('(');
            items(sb, t.items(), depth);
            sb.append(t.size() == 1 ? ",)" : ")");
        } else if (v instanceof List<?> l) {
            sb.append('[');
            items(sb, l, depth);
            sb.append(']');
        } else if (v instanceof Set<?> s) {
            if (s.isEmpty()) {
                sb.append("set()");
            } else {
                sb.append('{');
                items(sb, s, depth);
                sb.append('}');
            }
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                write(sb, e.getKey(), depth + 1);
                sb.append(": ");
                write(sb, e.getValue(), depth + 1);
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append('}');
        } else {
            sb.append(PyStr.of(String.valueOf(v))); // strings, and YAML timestamps as their text
        }
    }

    private static void items(StringBuilder sb, Collection<?> c, int depth) {
        Iterator<?> it = c.iterator();
        while (it.hasNext()) {
            write(sb, it.next(), depth + 1);
            if (it.hasNext()) {
                sb.append(", ");
            }
        }
    }

    private static void bytes(StringBuilder sb, byte[] b) {
        sb.append("b'");
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '\'' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        sb.append('\'');
    }
}
