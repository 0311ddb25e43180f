package dev.upyd.sim.backend;

import java.math.BigInteger;
import java.util.List;

/** Python values of the light interpreter and their str()/repr() as MicroPython prints them. */
final class PyObjects {
    /** Python None (Java null is avoided so that "no value" bugs show up). */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** A tuple (a list is a java.util.List that is not this). */
    record Tuple(List<Object> items) {
    }

    /** A module object, e.g. {@code os}; attributes are resolved by the interpreter. */
    record Module(String name) {
    }

    /** A named tuple such as os.uname()'s result. */
    record NamedTuple(List<String> fields, List<Object> values) {
    }

    /** A bound builtin: module function or builtin function. */
    record Builtin(String qualifiedName) {
    }

    private PyObjects() {
    }

    static String typeName(Object v) {
        if (v instanceof BigInteger) {
            return "int";
        }
        if (v instanceof Double) {
            return "float";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof byte[]) {
            return "bytes";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Tuple || v instanceof NamedTuple) {
            return "tuple";
        }
        if (v instanceof List) {
            return "list";
        }
        if (v instanceof Module) {
            return "module";
        }
        if (v instanceof Builtin) {
            return "function";
        }
        return "NoneType";
    }

    static String str(Object v) {
        return v instanceof String s ? s : repr(v);
    }

    static String repr(Object v) {
        if (v == NONE) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof BigInteger i) {
            return i.toString();
        }
        if (v instanceof Double d) {
            return floatRepr(d);
        }
        if (v instanceof String s) {
            return strRepr(s);
        }
        if (v instanceof byte[] b) {
            return bytesRepr(b);
        }
        if (v instanceof Tuple t) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < t.items().size(); i++) {
                sb.append(i > 0 ? ", " : "").append(repr(t.items().get(i)));
            }
            return sb.append(t.items().size() == 1 ? ",)" : ")").toString();
        }
        if (v instanceof NamedTuple t) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < t.fields().size(); i++) {
                sb.append(i > 0 ? ", " : "").append(t.fields().get(i)).append('=').append(repr(t.values().get(i)));
            }
            return sb.append(')').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(repr(l.get(i)));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Module m) {
            return "<module '" + m.name() + "'>";
        }
        if (v instanceof Builtin b) {
            return "<function " + b.qualifiedName() + ">";
        }
        return String.valueOf(v);
    }

    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return String.format("%.1f", d);
        }
        String s = Double.toString(d);
        int e = s.indexOf('E');
        if (e > 0) {
            String exp = s.substring(e + 1);
            s = s.substring(0, e) + "e" + (exp.startsWith("-") ? exp : "+" + exp);
        }
        return s;
    }

    static String strRepr(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c == q) {
                        sb.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append(q).toString();
    }

    static String bytesRepr(byte[] b) {
        StringBuilder sb = new StringBuilder("b'");
        for (byte x : b) {
            int c = x & 0xff;
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append(String.format("\\x%02x", c));
                    } else {
                        sb.append((char) c);
                    }
                }
            }
        }
        return sb.append('\'').toString();
    }

    static boolean truthy(Object v) {
        if (v == NONE) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof BigInteger i) {
            return i.signum() != 0;
        }
        if (v instanceof Double d) {
            return d != 0.0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof byte[] b) {
            return b.length > 0;
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Tuple t) {
            return !t.items().isEmpty();
        }
        return true;
    }
}
