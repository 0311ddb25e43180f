package dev.upyd.protocol.repl;

import dev.upyd.protocol.Bytes;
import dev.upyd.protocol.ProtocolException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Waits for {@code raw REPL; CTRL-B to exit\r\n>} after the host sent {@link ReplBytes#ENTER_RAW}. Whatever the
 * friendly REPL printed before (an interrupted program's output, {@code KeyboardInterrupt}, {@code >>> }) is
 * skipped, up to {@link #MAX_NOISE} bytes; memory use is one banner length regardless of the noise.
 */
public final class RawReplEntry {
    public static final int MAX_NOISE = 64 * 1024;
    private static final byte[] BANNER = ReplBytes.RAW_BANNER.getBytes(StandardCharsets.US_ASCII);

    /** The last BANNER.length - 1 bytes seen, so a banner split across payloads is found. */
    private byte[] tail = new byte[0];
    private long noise;
    private boolean entered;
    private byte[] leftover = new byte[0];

    /** Returns true once the banner was seen; {@link #leftover()} then holds the bytes that followed it. */
    public boolean offer(byte[] b, int off, int len) {
        Bytes.checkRange(b, off, len);
        if (entered) {
            throw new IllegalStateException("raw REPL already entered");
        }
        byte[] window = new byte[tail.length + len];
        System.arraycopy(tail, 0, window, 0, tail.length);
        System.arraycopy(b, off, window, tail.length, len);
        int i = Bytes.indexOf(window, 0, window.length, BANNER);
        if (i >= 0) {
            entered = true;
            leftover = Arrays.copyOfRange(window, i + BANNER.length, window.length);
            return true;
        }
        int keep = Math.min(window.length, BANNER.length - 1);
        noise += len;
        tail = Arrays.copyOfRange(window, window.length - keep, window.length);
        if (noise > MAX_NOISE) {
            throw new ProtocolException("no raw REPL banner after " + MAX_NOISE + " bytes of output; last bytes: '"
                    + Bytes.escape(tail) + "'");
        }
        return false;
    }

    public boolean offer(byte[] b) {
        return offer(b, 0, b.length);
    }

    public boolean entered() {
        return entered;
    }

    public byte[] leftover() {
        return leftover.clone();
    }
}
