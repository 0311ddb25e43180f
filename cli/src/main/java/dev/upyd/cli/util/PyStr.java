package dev.upyd.cli.util;

import java.util.List;

/**
 * Python string literals for host values spliced into device code (paths, names). Everything
 * outside printable ASCII is escaped, so no user-supplied path can end the literal or inject code.
 */
public final class PyStr {
    private PyStr() {
    }

    public static String of(String s) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else if (c < 0x100) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.append('\'').toString();
    }

    public static String list(List<String> items) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(of(items.get(i)));
        }
        return sb.append(']').toString();
    }
}
