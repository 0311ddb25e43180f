package dev.upyd.protocol.repl;

/** Control bytes and fixed strings of MicroPython's REPL (shared/runtime/pyexec.c). */
public final class ReplBytes {
    public static final byte CTRL_A = 0x01;
    public static final byte CTRL_B = 0x02;
    public static final byte CTRL_C = 0x03;
    public static final byte CTRL_D = 0x04;
    public static final byte CTRL_E = 0x05;
    /** Sent in the raw REPL to ask for raw-paste mode: {@code \x05 A \x01}. */
    public static final byte[] RAW_PASTE_REQUEST = {0x05, 'A', 0x01};
    public static final String RAW_BANNER = "raw REPL; CTRL-B to exit\r\n>";
    /** What mpremote sends to get from any state into an idle raw REPL: interrupt twice, then Ctrl-A. */
    public static final byte[] ENTER_RAW = {'\r', CTRL_C, CTRL_C, CTRL_A};
    /** Leave the raw REPL for the friendly one. */
    public static final byte[] EXIT_RAW = {'\r', CTRL_B};
    public static final String FRIENDLY_PROMPT = ">>> ";
    public static final String CONTINUATION_PROMPT = "... ";
    public static final String TRACEBACK = "Traceback (most recent call last):";

    private ReplBytes() {
    }

    /**
     * Checks code for the raw REPL / raw-paste: it must not be empty (an empty raw-REPL command is a soft reset,
     * which drops a WebREPL session) and must not contain Ctrl-C or Ctrl-D (they end or abort the input early).
     */
    public static void checkRawCode(byte[] code) {
        if (code.length == 0) {
            throw new IllegalArgumentException("empty code: in the raw REPL an empty command soft-resets the device");
        }
        for (int i = 0; i < code.length; i++) {
            if (code[i] == CTRL_C || code[i] == CTRL_D) {
                throw new IllegalArgumentException("code contains a raw " + (code[i] == CTRL_C ? "Ctrl-C" : "Ctrl-D")
                        + " byte at offset " + i + ", which would end the raw REPL input early; escape it in"
                        + " the source (e.g. '\\x04')");
            }
        }
    }

    /** The bytes to send for a plain raw-REPL execution: code + Ctrl-D (after {@link #checkRawCode}). */
    public static byte[] rawExec(byte[] code) {
        checkRawCode(code);
        byte[] r = java.util.Arrays.copyOf(code, code.length + 1);
        r[code.length] = CTRL_D;
        return r;
    }

    public static byte[] rawPasteRequest() {
        return RAW_PASTE_REQUEST.clone();
    }
}
