package dev.upyd.protocol.webrepl;

import dev.upyd.protocol.ByteAccumulator;
import dev.upyd.protocol.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Client side of the WebREPL login, fed with the device's TEXT payloads in order: first the prompt
 * {@code Password: }, then (after the host sent the password) {@code \r\nWebREPL connected\r\n>>> } or
 * {@code \r\nAccess denied\r\n}. Frames are not lines, so the markers may be split over payloads.
 *
 * <p>Each call returns at most one event; if a payload holds more (rare: prompt and banner never share a payload
 * because the password is typed in between), call {@code offer(new byte[0])} again to get the next one.
 */
public final class LoginDecoder {
    public static final int MAX_BUFFERED = 4096;
    private static final byte[] PROMPT = DevicePasswordReader.PROMPT.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTED = DevicePasswordReader.CONNECTED.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DENIED = "Access denied".getBytes(StandardCharsets.US_ASCII);

    private enum State { AWAIT_PROMPT, AWAIT_RESULT, DONE }

    private final ByteAccumulator buf = new ByteAccumulator(MAX_BUFFERED, "WebREPL login output");
    private State state = State.AWAIT_PROMPT;
    /** Bytes of a read that followed the password prompt; scanned by the next call. */
    private byte[] pending = new byte[0];
    /**
     * How many bytes at the start of {@code buf} were already searched for the current state's markers, without a
     * match. A marker can then only end after them, so a search resumes a marker length before this point instead
     * of rescanning the whole buffer: a device (or a fuzzer) that sends the output byte by byte costs O(n), not
     * O(n^2) on the 4 KiB the buffer may hold.
     */
    private int scanned;

    public LoginEvent offer(byte[] chunk) {
        return offer(chunk, 0, chunk.length);
    }

    public LoginEvent offer(byte[] chunk, int off, int len) {
        if (state == State.DONE) {
            throw new IllegalStateException("login already finished");
        }
        Bytes.checkRange(chunk, off, len);
        byte[] in = chunk;
        int end = off + len;
        if (pending.length > 0) {
            in = new byte[pending.length + len];
            System.arraycopy(pending, 0, in, 0, pending.length);
            System.arraycopy(chunk, off, in, pending.length, len);
            off = 0;
            end = in.length;
            pending = new byte[0];
        }
        // The limit applies to output without the awaited marker, not to the size of one read: a large read is
        // scanned in slices that fit, and what follows an event in it is kept for the next call. So the outcome
        // does not depend on how the device's bytes were cut into reads.
        while (true) {
            int take = Math.min(end - off, MAX_BUFFERED - buf.size());
            if (take == 0 && off < end) {
                buf.append(in, off, end - off); // throws: MAX_BUFFERED bytes arrived without the marker
            }
            buf.append(in, off, take);
            off += take;
            LoginEvent ev = scan(in, off, end);
            if (ev != LoginEvent.NEED_MORE || off == end) {
                if (ev == LoginEvent.PASSWORD_PROMPT) {
                    pending = Arrays.copyOfRange(in, off, end);
                }
                return ev;
            }
        }
    }

    /** Looks for the marker of the current state in the buffer; {@code in[off, end)} is the unscanned rest. */
    private LoginEvent scan(byte[] in, int off, int end) {
        if (state == State.AWAIT_PROMPT) {
            int i = find(PROMPT);
            if (i < 0) {
                scanned = buf.size();
                return LoginEvent.NEED_MORE;
            }
            buf.discard(i + PROMPT.length);
            state = State.AWAIT_RESULT;
            scanned = 0; // what followed the prompt was not searched for the result markers yet
            return LoginEvent.PASSWORD_PROMPT;
        }
        int c = find(CONNECTED);
        int d = find(DENIED);
        if (d >= 0 && (c < 0 || d < c)) {
            state = State.DONE;
            return LoginEvent.DENIED;
        }
        if (c >= 0) {
            state = State.DONE;
            byte[] after = buf.copy(c + CONNECTED.length, buf.size());
            byte[] leftover = Arrays.copyOf(after, after.length + end - off);
            System.arraycopy(in, off, leftover, after.length, end - off);
            return new LoginEvent.Connected(leftover);
        }
        scanned = buf.size();
        return LoginEvent.NEED_MORE;
    }

    /** First index of {@code marker} in the buffer; {@code buf[0, scanned)} is known to hold none. */
    private int find(byte[] marker) {
        return Bytes.indexOf(buf.array(), Math.max(0, scanned - marker.length + 1), buf.size(), marker);
    }

    /** True after CONNECTED or DENIED. */
    public boolean finished() {
        return state == State.DONE;
    }
}
