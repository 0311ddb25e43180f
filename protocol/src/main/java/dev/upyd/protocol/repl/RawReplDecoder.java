package dev.upyd.protocol.repl;

import dev.upyd.protocol.ByteAccumulator;
import dev.upyd.protocol.Bytes;
import dev.upyd.protocol.ProtocolException;

import java.util.Arrays;

/**
 * Decodes the device's answer to one raw-REPL execution (pyexec.c, EXEC_FLAG_PRINT_EOF):
 * {@code OK} stdout {@code \x04} exception-text {@code \x04} {@code >}. stdout and stderr are streamed to the
 * listener as they arrive; only the leftover after {@code >} is kept (bounded).
 *
 * <p>The same tail follows a raw-paste execution, but there the device sends {@code \x04} (end of data
 * acknowledged, possibly preceded by late {@code \x01} window grants) instead of {@code OK}: use
 * {@link #afterRawPaste()}.
 *
 * <p>Send code with {@link ReplBytes#rawExec}: never an empty command, which the device takes as a soft reset.
 */
public final class RawReplDecoder {
    /** The bytes that open the answer. */
    public enum Start {
        /** Plain raw REPL: {@code OK}. */
        OK,
        /** After raw-paste data and the host's {@code \x04}: optional {@code \x01}s, then {@code \x04}. */
        PASTE_ACK,
        /** Already past the opening marker (e.g. {@link RawPasteWriter} consumed it): stdout comes first. */
        STDOUT
    }

    public static final int MAX_LEFTOVER = 4096;

    private enum State { O, K, PASTE_ACK, STDOUT, STDERR, PROMPT, DONE }

    private State state;
    private final ByteAccumulator leftover = new ByteAccumulator(MAX_LEFTOVER, "output after the raw REPL prompt");
    private long stdoutBytes;
    private long stderrBytes;

    public RawReplDecoder() {
        this(Start.OK);
    }

    public RawReplDecoder(Start start) {
        state = switch (start) {
            case OK -> State.O;
            case PASTE_ACK -> State.PASTE_ACK;
            case STDOUT -> State.STDOUT;
        };
    }

    public static RawReplDecoder afterRawPaste() {
        return new RawReplDecoder(Start.PASTE_ACK);
    }

    public void offer(byte[] b, int off, int len, RawReplListener l) {
        Bytes.checkRange(b, off, len);
        int end = off + len;
        int i = off;
        while (i < end) {
            switch (state) {
                case O -> {
                    expect(b, i, end, 'O', "OK");
                    i++;
                    state = State.K;
                }
                case K -> {
                    expect(b, i, end, 'K', "OK");
                    i++;
                    state = State.STDOUT;
                }
                case PASTE_ACK -> {
                    if (b[i] == ReplBytes.CTRL_A) {
                        i++; // a window grant that crossed our end-of-data marker
                    } else {
                        expect(b, i, end, ReplBytes.CTRL_D, "\\x04 (end of raw-paste data acknowledged)");
                        i++;
                        state = State.STDOUT;
                    }
                }
                case STDOUT, STDERR -> {
                    int eot = indexOf(b, i, end, ReplBytes.CTRL_D);
                    int stop = eot < 0 ? end : eot;
                    if (stop > i) {
                        byte[] part = Arrays.copyOfRange(b, i, stop);
                        if (state == State.STDOUT) {
                            stdoutBytes += part.length;
                            l.stdout(part);
                        } else {
                            stderrBytes += part.length;
                            l.stderr(part);
                        }
                    }
                    i = stop;
                    if (eot >= 0) {
                        i++;
                        state = state == State.STDOUT ? State.STDERR : State.PROMPT;
                    }
                }
                case PROMPT -> {
                    expect(b, i, end, '>', "> (raw REPL prompt)");
                    i++;
                    state = State.DONE;
                    l.done();
                }
                case DONE -> {
                    leftover.append(b, i, end - i);
                    i = end;
                }
            }
        }
    }

    private static int indexOf(byte[] b, int from, int to, byte x) {
        for (int i = from; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private void expect(byte[] b, int i, int end, int want, String what) {
        if (b[i] != (byte) want) {
            throw new ProtocolException("raw REPL: expected " + what + " but the device sent '"
                    + Bytes.escape(b, i, end - i, 80) + "'");
        }
    }

    public boolean done() {
        return state == State.DONE;
    }

    /** Bytes after the final {@code >} (normally none). */
    public byte[] leftover() {
        return leftover.toByteArray();
    }

    public long stdoutBytes() {
        return stdoutBytes;
    }

    public long stderrBytes() {
        return stderrBytes;
    }
}
