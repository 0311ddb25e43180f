package dev.upyd.protocol.repl;

import java.nio.charset.StandardCharsets;

/**
 * Splits what the friendly REPL printed for one command line (upydev {@code wr_cmd}, spec section 3.2) into the
 * echo of the line, the command's output and the traceback, if any. Input: everything received after sending
 * {@code code\r}, up to and including the final {@code >>> }.
 *
 * <p>Output text keeps the device's line ends normalised to {@code \n} (upydev drops every {@code \r}, and in
 * its "normal" mode every line end, before parsing a value: strip the result before
 * {@link dev.upyd.protocol.pylit.PythonLiteral#parse}); the final prompt is removed. Invalid UTF-8 is replaced,
 * as upydev decodes "ignoring errors".
 */
public final class FriendlyOutput {
    /**
     * @param echo      the echoed command line without its line end ("" when the echo was not found)
     * @param stdout    what the command printed before a traceback, {@code \n} line ends
     * @param traceback from {@code Traceback (most recent call last):} to the end, or "" if none
     */
    public record Parts(String echo, String stdout, String traceback) {
        public boolean failed() {
            return !traceback.isEmpty();
        }

        /** The last line of the traceback, e.g. {@code NameError: name 'x' isn't defined}. */
        public String exceptionLine() {
            String t = traceback.strip();
            int nl = t.lastIndexOf('\n');
            return nl < 0 ? t : t.substring(nl + 1);
        }
    }

    private FriendlyOutput() {
    }

    public static Parts split(byte[] received, String code) {
        String text = new String(received, StandardCharsets.UTF_8);
        String echo = "";
        String echoLine = code + "\r\n";
        int e = code.isEmpty() ? -1 : text.indexOf(echoLine);
        if (e >= 0) {
            echo = code;
            text = text.substring(0, e) + text.substring(e + echoLine.length());
        } else {
            // The device always echoes the typed line first, but readline may have altered it (non-ASCII input
            // is dropped, auto-indent adds VT100 sequences): then the first line is the echo.
            int nl = text.indexOf("\r\n");
            if (nl >= 0) {
                echo = text.substring(0, nl);
                text = text.substring(nl + 2);
            }
        }
        if (text.endsWith(ReplBytes.FRIENDLY_PROMPT)) {
            text = text.substring(0, text.length() - ReplBytes.FRIENDLY_PROMPT.length());
        }
        text = text.replace("\r\n", "\n").replace("\r", "");
        int t = text.indexOf(ReplBytes.TRACEBACK);
        if (t < 0) {
            return new Parts(echo, text, "");
        }
        return new Parts(echo, text.substring(0, t), text.substring(t));
    }
}
