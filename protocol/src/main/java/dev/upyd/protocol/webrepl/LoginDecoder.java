package dev.upyd.protocol.webrepl;

import dev.upyd.protocol.ByteAccumulator;
import dev.upyd.protocol.Bytes;

import java.nio.charset.StandardCharsets;

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

    public LoginEvent offer(byte[] chunk) {
        return offer(chunk, 0, chunk.length);
    }

    public LoginEvent offer(byte[] chunk, int off, int len) {
        if (state == State.DONE) {
            throw new IllegalStateException("login already finished");
        }
        buf.append(chunk, off, len);
        if (state == State.AWAIT_PROMPT) {
            int i = Bytes.indexOf(buf.array(), 0, buf.size(), PROMPT);
            if (i < 0) {
                return LoginEvent.NEED_MORE;
            }
            buf.discard(i + PROMPT.length);
            state = State.AWAIT_RESULT;
            return LoginEvent.PASSWORD_PROMPT;
        }
        int c = Bytes.indexOf(buf.array(), 0, buf.size(), CONNECTED);
        int d = Bytes.indexOf(buf.array(), 0, buf.size(), DENIED);
        if (d >= 0 && (c < 0 || d < c)) {
            state = State.DONE;
            return LoginEvent.DENIED;
        }
        if (c >= 0) {
            state = State.DONE;
            return new LoginEvent.Connected(buf.copy(c + CONNECTED.length, buf.size()));
        }
        return LoginEvent.NEED_MORE;
    }

    /** True after CONNECTED or DENIED. */
    public boolean finished() {
        return state == State.DONE;
    }
}
