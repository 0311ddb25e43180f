package dev.upyd.cli.devtest;

import dev.upyd.cli.util.PyExpr;
import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.pylit.PythonLiteral;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * upydev's {@code exp}: a YAML value, or text that upydev reads with {@code ast.literal_eval} (plus its
 * {@code bytearray(...)} and {@code array('i', [...])} special cases) and otherwise compares as a string.
 * The value is re-rendered as a Python literal, so the comparison can run on the device with MicroPython's
 * own semantics (1 == 1.0, b'a' == bytearray(b'a')) and no text from the file is spliced in as code.
 */
final class ExpectedValue {
    private static final Pattern ARRAY = Pattern.compile("\\s*array\\(\\s*(['\"])([bBhHiIlLqQfd])\\1\\s*,.*", Pattern.DOTALL);

    private ExpectedValue() {
    }

    static String python(Object exp) {
        if (!(exp instanceof String text)) {
            return PyExpr.of(exp);
        }
        Object parsed;
        try {
            parsed = PythonLiteral.parse(text.strip());
        } catch (ProtocolException e) {
            return PyExpr.of(text); // upydev keeps what literal_eval refuses as the string itself
        }
        String literal = PyExpr.of(parsed);
        String t = text.strip();
        if (t.startsWith("bytearray(")) {
            return "bytearray(" + literal + ")";
        }
        Matcher a = ARRAY.matcher(t);
        if (a.matches()) {
            return "__import__('array').array('" + a.group(2) + "', " + literal + ")";
        }
        return literal;
    }
}
