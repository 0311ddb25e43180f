package dev.upyd.protocol.pylit;

import dev.upyd.protocol.ProtocolException;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the repr of values a MicroPython device prints (what upydev does with {@code ast.literal_eval}).
 * Mapping: int -> Long (BigInteger when it does not fit), float -> Double (incl. inf/nan), str -> String,
 * bytes / bytearray(b'..') -> byte[], tuple -> {@link PyTuple}, list -> List, dict -> LinkedHashMap,
 * set -> LinkedHashSet, True/False -> Boolean, None -> {@link PyNone#NONE}, array('t', [..]) -> List (as upydev
 * special-cases it). bytes used as dict keys or set elements become {@link PyBytesKey} (byte[] has no value
 * equality). Nesting is limited to
 * {@link #MAX_DEPTH} levels so hostile input cannot overflow the stack.
 */
public final class PythonLiteral {
    public static final int MAX_DEPTH = 100;

    private final String s;
    private int pos;
    private int depth;

    private PythonLiteral(String s) {
        this.s = s;
    }

    public static Object parse(String text) {
        PythonLiteral p = new PythonLiteral(text);
        p.skipWs();
        Object v = p.value();
        p.skipWs();
        if (p.pos != text.length()) {
            throw p.error("end of input");
        }
        return v;
    }

    private Object value() {
        if (pos >= s.length()) {
            throw error("a value");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '(':
                return nested(() -> tuple());
            case '[':
                return nested(() -> list());
            case '{':
                return nested(() -> dictOrSet());
            case '\'':
            case '"':
                return string();
            default:
                break;
        }
        if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            String word = s.substring(start, pos);
            switch (word) {
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                case "None":
                    return PyNone.NONE;
                case "inf":
                    return Double.POSITIVE_INFINITY;
                case "nan":
                    return Double.NaN;
                case "b":
                case "B":
                    if (pos < s.length() && (s.charAt(pos) == '\'' || s.charAt(pos) == '"')) {
                        return bytes();
                    }
                    break;
                case "bytearray":
                    return nested(() -> bytearray());
                case "array":
                    return nested(() -> array());
                default:
                    break;
            }
            pos = start;
            throw error("a value");
        }
        throw error("a value");
    }

    private interface Body {
        Object parse();
    }

    private Object nested(Body body) {
        if (++depth > MAX_DEPTH) {
            throw new ProtocolException("Python literal nested deeper than " + MAX_DEPTH + " levels at position " + pos);
        }
        Object v = body.parse();
        depth--;
        return v;
    }

    private Object bytearray() {
        expect('(');
        skipWs();
        byte[] b;
        if (peek() == ')') {
            b = new byte[0];
        } else {
            if (!(peek() == 'b' || peek() == 'B')) {
                throw error("b'...' inside bytearray(...)");
            }
            pos++;
            if (peek() != '\'' && peek() != '"') { // bytes() reads the quote without a bounds check
                throw error("b'...' inside bytearray(...)");
            }
            b = bytes();
        }
        skipWs();
        expect(')');
        return b;
    }

    /** {@code array('i', [1, 2])} as MicroPython prints it: the typecode is dropped, the items are a List. */
    private Object array() {
        expect('(');
        skipWs();
        if (peek() != '\'' && peek() != '"') {
            throw error("a typecode string inside array(...)");
        }
        string();
        skipWs();
        Object items = new ArrayList<>();
        if (peek() == ',') {
            pos++;
            skipWs();
            if (peek() != '[') {
                throw error("'[' inside array(...)");
            }
            items = list();
            skipWs();
        }
        expect(')');
        return items;
    }

    private Object tuple() {
        expect('(');
        List<Object> items = new ArrayList<>();
        boolean comma = false;
        skipWs();
        while (peek() != ')') {
            items.add(value());
            skipWs();
            if (peek() == ',') {
                pos++;
                comma = true;
                skipWs();
            } else if (peek() != ')') {
                throw error("',' or ')'");
            }
        }
        pos++;
        if (items.size() == 1 && !comma) {
            return items.get(0); // (x) is just x in parentheses
        }
        return new PyTuple(items);
    }

    private Object list() {
        expect('[');
        List<Object> items = new ArrayList<>();
        skipWs();
        while (peek() != ']') {
            items.add(value());
            skipWs();
            if (peek() == ',') {
                pos++;
                skipWs();
            } else if (peek() != ']') {
                throw error("',' or ']'");
            }
        }
        pos++;
        return items;
    }

    private Object dictOrSet() {
        expect('{');
        skipWs();
        if (peek() == '}') {
            pos++;
            return new LinkedHashMap<>();
        }
        Object first = value();
        skipWs();
        if (peek() == ':') {
            Map<Object, Object> map = new LinkedHashMap<>();
            pos++;
            skipWs();
            map.put(key(first), value());
            skipWs();
            while (peek() != '}') {
                if (peek() != ',') {
                    throw error("',' or '}'");
                }
                pos++;
                skipWs();
                if (peek() == '}') {
                    break;
                }
                int at = pos;
                Object k = value();
                skipWs();
                if (peek() != ':') {
                    throw error("':'");
                }
                pos++;
                skipWs();
                map.put(key(k, at), value());
                skipWs();
            }
            pos++;
            return map;
        }
        Set<Object> set = new LinkedHashSet<>();
        set.add(key(first));
        while (peek() != '}') {
            if (peek() != ',') {
                throw error("',' or '}'");
            }
            pos++;
            skipWs();
            if (peek() == '}') {
                break;
            }
            int at = pos;
            set.add(key(value(), at));
            skipWs();
        }
        pos++;
        return set;
    }

    /** byte[] and lists have identity equality in Java; Python would reject them as keys (unhashable). */
    private Object key(Object k) {
        return key(k, pos);
    }

    private Object key(Object k, int at) {
        if (k instanceof byte[] b) {
            return new PyBytesKey(b);
        }
        if (k instanceof List || k instanceof Map || k instanceof Set) {
            throw new ProtocolException("unhashable " + k.getClass().getSimpleName() + " used as a dict key or set"
                    + " element at position " + at);
        }
        return k;
    }

    private Object number() {
        int start = pos;
        if (peek() == '-' || peek() == '+') {
            pos++;
        }
        if (s.startsWith("inf", pos)) {
            pos += 3;
            return s.charAt(start) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (s.startsWith("nan", pos)) {
            pos += 3;
            return Double.NaN;
        }
        if (s.startsWith("0x", pos) || s.startsWith("0X", pos) || s.startsWith("0o", pos) || s.startsWith("0O", pos)
                || s.startsWith("0b", pos) || s.startsWith("0B", pos)) {
            char r = Character.toLowerCase(s.charAt(pos + 1));
            int radix = r == 'x' ? 16 : r == 'o' ? 8 : 2;
            pos += 2;
            int ds = pos;
            while (pos < s.length() && (Character.digit(s.charAt(pos), radix) >= 0 || s.charAt(pos) == '_')) {
                pos++;
            }
            String digits = s.substring(ds, pos).replace("_", "");
            if (digits.isEmpty()) { // also "0o_": underscores alone are no digits
                pos = ds;
                throw error("digits");
            }
            BigInteger v = new BigInteger(digits, radix);
            return integer(s.charAt(start) == '-' ? v.negate() : v);
        }
        boolean isFloat = false;
        int digits = 0;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (Character.isDigit(c) && c < 128) {
                digits++;
                pos++;
            } else if (c == '_' && digits > 0) {
                pos++;
            } else if (c == '.') {
                isFloat = true;
                pos++;
            } else if ((c == 'e' || c == 'E') && digits > 0) {
                isFloat = true;
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
            } else {
                break;
            }
        }
        String num = s.substring(start, pos).replace("_", "");
        if (digits == 0) {
            pos = start;
            throw error("a number");
        }
        try {
            if (isFloat) {
                return Double.parseDouble(num);
            }
            return integer(new BigInteger(num));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("a number");
        }
    }

    private static Object integer(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String string() {
        char q = s.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("closing " + q);
            }
            char c = s.charAt(pos++);
            if (c == q) {
                return sb.toString();
            }
            if (c == '\n') {
                pos--;
                throw error("closing " + q + " before the line end");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw error("an escape character");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case '\\' -> sb.append('\\');
                case '\'' -> sb.append('\'');
                case '"' -> sb.append('"');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case '0' -> sb.append('\0');
                case 'x' -> sb.append((char) hex(2));
                case 'u' -> sb.append((char) hex(4));
                case 'U' -> sb.appendCodePoint(codePoint(hex(8)));
                default -> {
                    pos -= 2;
                    throw error("a known escape (\\n \\r \\t \\\\ \\' \\\" \\xNN \\uNNNN)");
                }
            }
        }
    }

    private int codePoint(int cp) {
        if (!Character.isValidCodePoint(cp)) {
            pos -= 10;
            throw error("a valid code point");
        }
        return cp;
    }

    private byte[] bytes() {
        char q = s.charAt(pos++);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            if (pos >= s.length()) {
                throw error("closing " + q);
            }
            char c = s.charAt(pos++);
            if (c == q) {
                return out.toByteArray();
            }
            if (c >= 0x80 || c == '\n') {
                pos--;
                throw error("an ASCII character in a bytes literal");
            }
            if (c != '\\') {
                out.write(c);
                continue;
            }
            if (pos >= s.length()) {
                throw error("an escape character");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case '\\' -> out.write('\\');
                case '\'' -> out.write('\'');
                case '"' -> out.write('"');
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'v' -> out.write(11);
                case '0' -> out.write(0);
                case 'x' -> out.write(hex(2));
                default -> {
                    pos -= 2;
                    throw error("a known bytes escape (\\n \\r \\t \\\\ \\' \\\" \\xNN)");
                }
            }
        }
    }

    private int hex(int n) {
        if (pos + n > s.length()) {
            throw error(n + " hex digits");
        }
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = Character.digit(s.charAt(pos + i), 16);
            if (d < 0) {
                pos += i;
                throw error(n + " hex digits");
            }
            v = v * 16 + d;
        }
        pos += n;
        return v;
    }

    private char peek() {
        if (pos >= s.length()) {
            throw error("more input");
        }
        return s.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    private void skipWs() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private ProtocolException error(String expected) {
        String found;
        if (pos >= s.length()) {
            found = "the end of the input";
        } else {
            int end = Math.min(s.length(), pos + 20);
            found = "'" + s.substring(pos, end).replace("\r", "\\r").replace("\n", "\\n") + "'"
                    + (end < s.length() ? "..." : "");
        }
        return new ProtocolException("Python literal: expected " + expected + " at position " + pos
                + " but found " + found);
    }
}
