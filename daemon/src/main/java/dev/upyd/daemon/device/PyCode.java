package dev.upyd.daemon.device;

/** Small Python snippets the daemon runs itself (stat, rename), with paths quoted safely. */
final class PyCode {
    private PyCode() {
    }

    /** A Python string literal for {@code s}: no byte of it can end the literal or the statement. */
    static String str(String s) {
        StringBuilder sb = new StringBuilder("'");
        s.codePoints().forEach(c -> {
            if (c == '\\' || c == '\'') {
                sb.append('\\').appendCodePoint(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.appendCodePoint(c); // the code goes out as UTF-8, which MicroPython source is
            }
        });
        return sb.append('\'').toString();
    }

    /** The directory part of a device path ("" for a bare name). */
    static String parent(String path) {
        int i = path.lastIndexOf('/');
        if (i < 0) {
            return "";
        }
        return i == 0 ? "/" : path.substring(0, i);
    }

    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
