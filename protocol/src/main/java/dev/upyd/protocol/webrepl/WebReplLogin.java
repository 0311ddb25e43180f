package dev.upyd.protocol.webrepl;

import java.nio.charset.StandardCharsets;

/** What the host types at the device's {@code Password: } prompt. */
public final class WebReplLogin {
    /** modwebrepl.c stores the password in {@code char webrepl_passwd[10]}: 9 characters plus NUL. */
    public static final int MAX_PASSWORD_CHARS = 9;

    private WebReplLogin() {
    }

    /**
     * The password followed by {@code \r}, UTF-8. Rejects what the device could never accept, without ever
     * putting the password itself in the message.
     */
    public static byte[] passwordLine(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the WebREPL password is empty");
        }
        if (password.indexOf('\r') >= 0 || password.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("the WebREPL password contains a line break, which ends the"
                    + " password on the device");
        }
        byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
        // The device counts bytes (chars of a C string), so the limit applies to the UTF-8 length.
        if (password.codePointCount(0, password.length()) > MAX_PASSWORD_CHARS || utf8.length > MAX_PASSWORD_CHARS) {
            throw new IllegalArgumentException("the WebREPL password is " + utf8.length
                    + " bytes long; the device keeps only 9");
        }
        byte[] line = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, line, 0, utf8.length);
        line[utf8.length] = '\r';
        return line;
    }
}
