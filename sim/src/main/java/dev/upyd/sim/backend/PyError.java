package dev.upyd.sim.backend;

/** A Python exception raised by the light interpreter, rendered as MicroPython renders it. */
final class PyError extends Exception {
    private static final long serialVersionUID = 1L;
    final String type;
    final String detail;
    int line;
    final boolean syntax;

    PyError(String type, String detail) {
        this(type, detail, false);
    }

    private PyError(String type, String detail, boolean syntax) {
        super(type + ": " + detail, null, false, false);
        this.type = type;
        this.detail = detail;
        this.syntax = syntax;
    }

    static PyError syntax(int line) {
        PyError e = new PyError("SyntaxError", "invalid syntax", true);
        e.line = line;
        return e;
    }

    /** The traceback text exactly as MicroPython prints it (CRLF, {@code <stdin>}, {@code <module>}). */
    String traceback() {
        String where = syntax ? "  File \"<stdin>\", line " + line + "\r\n"
                : "  File \"<stdin>\", line " + line + ", in <module>\r\n";
        return "Traceback (most recent call last):\r\n" + where + type + ": " + detail + "\r\n";
    }
}
