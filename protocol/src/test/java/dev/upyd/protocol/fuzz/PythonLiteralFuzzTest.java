package dev.upyd.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.upyd.protocol.fuzz.Contract.Outcome;
import dev.upyd.protocol.pylit.PyBytesKey;
import dev.upyd.protocol.pylit.PyNone;
import dev.upyd.protocol.pylit.PyTuple;
import dev.upyd.protocol.pylit.PythonLiteral;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.upyd.protocol.fuzz.Contract.check;

/**
 * The reader of device reprs. Besides the contract, a round trip: whatever it parsed, printed back the way
 * MicroPython's repr prints it ({@link #repr}), must parse to an equal value.
 */
class PythonLiteralFuzzTest {

    /** Flag 0: read the payload as ISO-8859-1 (every char 0..255) instead of UTF-8. */
    @FuzzTest
    void parse(byte[] data) {
        FuzzInput in = FuzzInput.of(data);
        String text = new String(in.payload(), in.flag(0) ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        Outcome<Object> v = Contract.decode(() -> PythonLiteral.parse(text));
        if (!v.ok()) {
            return;
        }
        String printed = repr(v.value());
        Outcome<Object> again = Contract.decode(() -> PythonLiteral.parse(printed));
        check(again.ok(), "cannot read back its own value printed as " + printed + ": "
                + (again.rejected() == null ? "" : again.rejected().getMessage()));
        check(deepEquals(v.value(), again.value()), "round trip changed the value: " + printed + " -> "
                + repr(again.value()));
    }

    /** MicroPython's repr of the values PythonLiteral produces. */
    static String repr(Object v) {
        StringBuilder sb = new StringBuilder();
        repr(v, sb);
        return sb.toString();
    }

    private static void repr(Object v, StringBuilder sb) {
        if (v instanceof Boolean b) {
            sb.append(b ? "True" : "False");
        } else if (v == PyNone.NONE) {
            sb.append("None");
        } else if (v instanceof Long || v instanceof BigInteger) {
            sb.append(v);
        } else if (v instanceof Double d) {
            sb.append(d.isNaN() ? "nan" : d.isInfinite() ? (d > 0 ? "inf" : "-inf") : Double.toString(d));
        } else if (v instanceof String s) {
            str(s, sb);
        } else if (v instanceof byte[] b) {
            bytes(b, sb);
        } else if (v instanceof PyBytesKey k) {
            bytes(k.bytes(), sb);
        } else if (v instanceof PyTuple t) {
            sb.append('(');
            seq(t.items(), sb);
            sb.append(t.size() == 1 ? ",)" : ")");
        } else if (v instanceof List<?> l) {
            sb.append('[');
            seq(l, sb);
            sb.append(']');
        } else if (v instanceof Set<?> s) {
            sb.append('{');
            seq(s, sb);
            sb.append('}');
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(sep);
                repr(e.getKey(), sb);
                sb.append(": ");
                repr(e.getValue(), sb);
                sep = ", ";
            }
            sb.append('}');
        } else {
            throw new AssertionError("PythonLiteral produced an unexpected type " + v.getClass());
        }
    }

    private static void seq(Iterable<?> items, StringBuilder sb) {
        String sep = "";
        for (Object o : items) {
            sb.append(sep);
            repr(o, sb);
            sep = ", ";
        }
    }

    private static void str(String s, StringBuilder sb) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        sb.append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == q || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else if (Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append(q);
    }

    private static void bytes(byte[] b, StringBuilder sb) {
        sb.append("b'");
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '\'' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        sb.append('\'');
    }

    /** Value equality; byte[] by content, maps and sets in order (they are Linked*). */
    static boolean deepEquals(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof PyTuple x && b instanceof PyTuple y) {
            return deepEquals(x.items(), y.items());
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.size() == y.size() && deepEquals(new ArrayList<>(x.entrySet()), new ArrayList<>(y.entrySet()));
        }
        if (a instanceof Map.Entry<?, ?> x && b instanceof Map.Entry<?, ?> y) {
            return deepEquals(x.getKey(), y.getKey()) && deepEquals(x.getValue(), y.getValue());
        }
        if (a instanceof Set<?> x && b instanceof Set<?> y) {
            return deepEquals(new ArrayList<>(x), new ArrayList<>(y));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!deepEquals(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        return a != null && a.equals(b) && a.getClass() == b.getClass();
    }
}
