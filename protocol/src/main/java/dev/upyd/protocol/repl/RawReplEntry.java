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

    /**
     * The last {@code min(bytes seen, BANNER.length - 1)} bytes, so a banner split across payloads is found: fixed
     * storage, because a device that sends its output byte by byte calls {@link #offer} once per byte.
     */
    private final byte[] tail = new byte[BANNER.length - 1];
    private int tailLen;
    /** Reused for the search across the boundary between the tail and a new read. */
    private final byte[] seam = new byte[2 * (BANNER.length - 1)];
    private long noise;
    private boolean entered;
    private byte[] leftover = new byte[0];

    /** Returns true once the banner was seen; {@link #leftover()} then holds the bytes that followed it. */
    public boolean offer(byte[] b, int off, int len) {
        Bytes.checkRange(b, off, len);
        if (entered) {
            throw new IllegalStateException("raw REPL already entered");
        }
        // Positions below count in the "window": the tail followed by b[off, off + len). The read is searched where
        // it is instead of being copied behind the tail, so each byte is looked at a bounded number of times.
        int i = find(b, off, len);
        // The limit counts the bytes before the banner, wherever the reads were cut: a banner that starts within
        // MAX_NOISE bytes is found even if its read is large, and the kept tail (maybe the banner's start) is not
        // noise yet.
        if (i >= 0) {
            if (noise - tailLen + i > MAX_NOISE) {
                throw tooMuchNoise(window(b, off, Math.max(0, i - BANNER.length), i));
            }
            entered = true;
            leftover = Arrays.copyOfRange(b, off + i + BANNER.length - tailLen, off + len);
            return true;
        }
        keepTail(b, off, len);
        noise += len;
        if (noise - tailLen > MAX_NOISE) {
            throw tooMuchNoise(Arrays.copyOf(tail, tailLen));
        }
        return false;
    }

    /** Window index of the first banner, or -1. */
    private int find(byte[] b, int off, int len) {
        if (tailLen > 0) {
            // A banner that starts in the tail ends within the first BANNER.length - 1 bytes of the read.
            int n = Math.min(len, BANNER.length - 1);
            System.arraycopy(tail, 0, seam, 0, tailLen);
            System.arraycopy(b, off, seam, tailLen, n);
            int i = Bytes.indexOf(seam, 0, tailLen + n, BANNER);
            if (i >= 0) {
                return i;
            }
        }
        int i = Bytes.indexOf(b, off, off + len, BANNER);
        return i < 0 ? -1 : tailLen + i - off;
    }

    /** The last BANNER.length - 1 bytes of the window become the tail. */
    private void keepTail(byte[] b, int off, int len) {
        int keep = Math.min(tailLen + len, tail.length);
        int fromTail = keep - Math.min(len, keep);
        System.arraycopy(tail, tailLen - fromTail, tail, 0, fromTail);
        System.arraycopy(b, off + len - (keep - fromTail), tail, fromTail, keep - fromTail);
        tailLen = keep;
    }

    /** A copy of window[from, to). */
    private byte[] window(byte[] b, int off, int from, int to) {
        byte[] r = new byte[to - from];
        for (int k = from; k < to; k++) {
            r[k - from] = k < tailLen ? tail[k] : b[off + k - tailLen];
        }
        return r;
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
