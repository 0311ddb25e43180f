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
        // The limit counts the bytes before the banner, wherever the reads were cut: a banner that starts within
        // MAX_NOISE bytes is found even if its read is large, and the kept tail (maybe the banner's start) is not
        // noise yet.
        if (i >= 0) {
            if (noise - tail.length + i > MAX_NOISE) {
                throw tooMuchNoise(Arrays.copyOfRange(window, Math.max(0, i - BANNER.length), i));
            }
            entered = true;
            leftover = Arrays.copyOfRange(window, i + BANNER.length, window.length);
            return true;
        }
        int keep = Math.min(window.length, BANNER.length - 1);
        noise += len;
        tail = Arrays.copyOfRange(window, window.length - keep, window.length);
        if (noise - keep > MAX_NOISE) {
            throw tooMuchNoise(tail);
        }
        return false;
    }

    private static ProtocolException tooMuchNoise(byte[] last) {
        return new ProtocolException("no raw REPL banner after " + MAX_NOISE + " bytes of output; last bytes: '"
                + Bytes.escape(last) + "'");
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
