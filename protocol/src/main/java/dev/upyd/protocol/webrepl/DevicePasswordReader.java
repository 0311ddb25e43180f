package dev.upyd.protocol.webrepl;

import dev.upyd.protocol.Bytes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * Device side of the login, for the simulator, byte-for-byte like modwebrepl.c in STATE_PASSWD: every byte of any
 * frame counts; {@code \r} or {@code \n} ends the entry; only the first 10 bytes are kept (so an 11-byte entry
 * can never match a password of at most 9). Bytes after the terminator in the same frame belong to the REPL
 * (the device reads one byte at a time and switches state), see {@link #leftover()}.
 */
public final class DevicePasswordReader {
    public static final String PROMPT = "Password: ";
    public static final String CONNECTED = "\r\nWebREPL connected\r\n>>> ";
    public static final String DENIED = "\r\nAccess denied\r\n";
    /** modwebrepl.c: {@code else if (self->data_to_recv < 10)}. */
    public static final int MAX_KEPT = 10;

    private final byte[] typed = new byte[MAX_KEPT];
    private int count;
    private byte[] entered;
    private byte[] leftover = new byte[0];

    /** Returns the entered password once a line end arrived (UTF-8 decoded; compare with {@link #matches}). */
    public Optional<String> offer(byte[] b, int off, int len) {
        Bytes.checkRange(b, off, len);
        if (entered != null) {
            throw new IllegalStateException("password already complete");
        }
        for (int i = 0; i < len; i++) {
            byte c = b[off + i];
            if (c == '\r' || c == '\n') {
                entered = Arrays.copyOf(typed, count);
                leftover = Arrays.copyOfRange(b, off + i + 1, off + len);
                return Optional.of(new String(entered, StandardCharsets.UTF_8));
            }
            if (count < MAX_KEPT) {
                typed[count++] = c;
            }
        }
        return Optional.empty();
    }

    public Optional<String> offer(byte[] b) {
        return offer(b, 0, b.length);
    }

    /** Bytes after the terminator in the frame that completed the entry: the first REPL input. */
    public byte[] leftover() {
        return leftover.clone();
    }

    public boolean complete() {
        return entered != null;
    }

    /**
     * strcmp semantics on the kept bytes (a NUL ends the C string), constant-time on the bytes compared, so the
     * simulator behaves like the board.
     */
    public boolean matches(String password) {
        if (entered == null) {
            return false;
        }
        byte[] want = password.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(cString(entered), cString(want));
    }

    private static byte[] cString(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte x : b) {
            if (x == 0) {
                break;
            }
            out.write(x);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "DevicePasswordReader[" + (entered != null ? "complete" : "typed " + count + " bytes") + "]";
    }
}
