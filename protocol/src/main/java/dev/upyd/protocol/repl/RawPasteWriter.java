package dev.upyd.protocol.repl;

import dev.upyd.protocol.Bytes;
import dev.upyd.protocol.ProtocolException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Host side of raw-paste mode, the only way to send more than the device's ~256-byte stdin ring buffer without
 * losing bytes: the device grants credit in windows and the host never sends beyond it.
 *
 * <p>What the device does (shared/runtime/pyexec.c {@code do_reader_stdin}, mp_reader_new_stdin): it answers
 * {@code \x05A\x01} with {@code R\x01}, then u16 LE window size, then {@code \x01}. Sending the window size
 * implicitly frees one window and the {@code \x01} frees another, so the host starts with TWO windows of credit
 * (2 x 128 = the 256-byte buffer); every later {@code \x01} adds one window. A device {@code \x04} means it
 * stopped reading (it saw Ctrl-C/Ctrl-D or hit an error): the host stops sending and must send {@code \x04}.
 * After the host's own {@code \x04} the device acknowledges with {@code \x04}, then prints stdout {@code \x04}
 * stderr {@code \x04 >}, which {@code new RawReplDecoder(Start.STDOUT)} decodes.
 *
 * <p>Usage: send {@link ReplBytes#RAW_PASTE_REQUEST}; feed replies to {@link #offer(byte[])} until it is not
 * NEED_MORE. If ACCEPTED: loop { send {@link #nextData()} while non-empty; feed device bytes to
 * {@link #offerDeviceBytes} }; when {@link #endDue()} send {@link #end()}; when {@link #finished()} the rest of
 * the device bytes (returned count) go to the result decoder.
 */
public final class RawPasteWriter {
    public enum Negotiation {
        NEED_MORE,
        /** Raw-paste entered; {@link #window()} known. */
        ACCEPTED,
        /** The device stays in the plain raw REPL: send code + {@code \x04} and decode with RawReplDecoder. */
        UNSUPPORTED
    }

    private static final byte[] OLD_FIRMWARE_ECHO = "raw REPL; CTRL-B to exit\r\n>".getBytes(StandardCharsets.US_ASCII);

    private enum State {
        AWAIT_R, AWAIT_FLAG, WINDOW_LO, WINDOW_HI, OLD_ECHO, PASTING, INTERRUPTED, END_SENT, FINISHED, UNSUPPORTED
    }

    private final byte[] code;
    private State state = State.AWAIT_R;
    private int window;
    private long credit;
    private int sent;
    private int oldEchoPos;
    private boolean deviceAborted;
    private boolean interrupted;

    /** @throws IllegalArgumentException for code the device would misread, see {@link ReplBytes#checkRawCode} */
    public RawPasteWriter(byte[] code) {
        ReplBytes.checkRawCode(Objects.requireNonNull(code, "code"));
        this.code = code.clone();
    }

    /** Feeds the device's answer to the raw-paste request; extra bytes in the chunk are processed too. */
    public Negotiation offer(byte[] deviceBytes) {
        return offer(deviceBytes, 0, deviceBytes.length);
    }

    public Negotiation offer(byte[] b, int off, int len) {
        Bytes.checkRange(b, off, len);
        int end = off + len;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xff;
            switch (state) {
                case AWAIT_R -> {
                    if (c != 'R' && c != 'r') {
                        throw violation("R (answer to the raw-paste request)", b, i, end);
                    }
                    i++;
                    state = c == 'R' ? State.AWAIT_FLAG : State.OLD_ECHO;
                    oldEchoPos = 1; // 'r' of "raw REPL..." consumed
                }
                case AWAIT_FLAG -> {
                    i++;
                    if (c == 0) {
                        state = State.UNSUPPORTED;
                        return checkNothingAfter(b, i, end, Negotiation.UNSUPPORTED);
                    }
                    if (c != 1) {
                        throw violation("\\x00 or \\x01 after R", b, i - 1, end);
                    }
                    state = State.WINDOW_LO;
                }
                case WINDOW_LO -> {
                    window = c;
                    i++;
                    state = State.WINDOW_HI;
                }
                case WINDOW_HI -> {
                    window |= c << 8;
                    i++;
                    if (window == 0) {
                        throw new ProtocolException("raw-paste: the device announced a window of 0 bytes");
                    }
                    credit = window; // announcing the window frees the first window
                    state = State.PASTING;
                    int n = offerDeviceBytes(b, i, end - i);
                    if (i + n != end) {
                        throw violation("nothing after the raw-paste acknowledgement", b, i + n, end);
                    }
                    return Negotiation.ACCEPTED;
                }
                case OLD_ECHO -> {
                    if (c != OLD_FIRMWARE_ECHO[oldEchoPos]) {
                        throw violation("the rest of 'raw REPL; CTRL-B to exit' (old firmware)", b, i, end);
                    }
                    i++;
                    if (++oldEchoPos == OLD_FIRMWARE_ECHO.length) {
                        state = State.UNSUPPORTED;
                        return checkNothingAfter(b, i, end, Negotiation.UNSUPPORTED);
                    }
                }
                default -> throw new IllegalStateException("negotiation already finished: " + state);
            }
        }
        return Negotiation.NEED_MORE;
    }

    private Negotiation checkNothingAfter(byte[] b, int i, int end, Negotiation n) {
        if (i != end) {
            throw violation("nothing after the raw-paste answer", b, i, end);
        }
        return n;
    }

    /** The device's window size in bytes (128 on ESP32/ESP8266). */
    public int window() {
        return window;
    }

    /** The next slice of code the credit allows; empty when out of credit, all sent, or the device aborted. */
    public byte[] nextData() {
        if (state != State.PASTING || deviceAborted) {
            return new byte[0]; // also after interrupt(): state is no longer PASTING
        }
        int n = (int) Math.min(credit, code.length - sent);
        byte[] slice = Arrays.copyOfRange(code, sent, sent + n);
        sent += n;
        credit -= n;
        return slice;
    }

    /** One byte the device sent while we paste. */
    public void onDeviceByte(int b) {
        switch (state) {
            case PASTING -> {
                if (b == ReplBytes.CTRL_A) {
                    if (!deviceAborted) {
                        credit += window;
                    }
                } else if (b == ReplBytes.CTRL_D) {
                    if (deviceAborted) {
                        throw new ProtocolException("raw-paste: the device sent \\x04 twice before our \\x04");
                    }
                    deviceAborted = true;
                } else {
                    throw new ProtocolException("raw-paste: unexpected byte " + hex(b)
                            + " from the device while pasting (only \\x01 and \\x04 are allowed)");
                }
            }
            case INTERRUPTED -> {
                if (b == ReplBytes.CTRL_D) {
                    state = State.FINISHED;
                } else if (b != ReplBytes.CTRL_A) {
                    throw new ProtocolException("raw-paste: expected \\x04 after our Ctrl-C, got " + hex(b));
                }
            }
            case END_SENT -> {
                if (b == ReplBytes.CTRL_D) {
                    state = State.FINISHED;
                } else if (b != ReplBytes.CTRL_A) {
                    throw new ProtocolException("raw-paste: expected \\x04 acknowledging the end of data, got "
                            + hex(b));
                }
            }
            default -> throw new IllegalStateException("not pasting: " + state);
        }
    }

    /**
     * Feeds device bytes during pasting; stops after the device's acknowledgement of our end marker.
     * Returns the number of bytes consumed: the rest is the execution output (stdout, \x04, stderr, \x04, >).
     * If the device aborted, its {@code \x04} was consumed; after our {@code \x04} the device sends no second
     * acknowledgement, so everything after that is output too.
     */
    public int offerDeviceBytes(byte[] b, int off, int len) {
        Bytes.checkRange(b, off, len);
        int i = 0;
        while (i < len && state != State.FINISHED) {
            if (deviceAborted && state == State.PASTING) {
                // the device's \x04 ended its reading: whatever follows must wait for our \x04
                throw new ProtocolException("raw-paste: the device sent " + Bytes.escape(b, off + i, len - i, 40)
                        + " after aborting, before our \\x04");
            }
            onDeviceByte(b[off + i] & 0xff);
            i++;
        }
        return i;
    }

    /**
     * Cancel: the bytes to send now ({@code \x03}). Never send a bare Ctrl-C yourself while pasting: the device
     * reader takes it as end of input (it answers {@code \x04} and raises KeyboardInterrupt), so no {@code \x04}
     * end marker may follow - a stray {@code \x04} would reach the idle raw REPL as an empty command, i.e. a soft
     * reset. After the end marker was sent, Ctrl-C simply interrupts the running program. The output tail
     * (stdout \x04 traceback \x04 >) follows as usual once {@link #finished()}.
     */
    public byte[] interrupt() {
        interrupted = true;
        if (state == State.PASTING) {
            // if the device had already aborted (it is draining its input), Ctrl-C ends that drain as well
            state = deviceAborted ? State.FINISHED : State.INTERRUPTED;
        } else if (state != State.END_SENT && state != State.FINISHED && state != State.INTERRUPTED) {
            throw new IllegalStateException("nothing to interrupt before raw-paste was accepted: " + state);
        }
        return new byte[] {ReplBytes.CTRL_C};
    }

    /** {@link #interrupt()} was called. */
    public boolean interrupted() {
        return interrupted;
    }

    /** All code sent or the device aborted, and our {@code \x04} is not sent yet. */
    public boolean endDue() {
        return state == State.PASTING && (deviceAborted || sent == code.length);
    }

    /** The end marker to send now ({@code \x04}); call once, when {@link #endDue()}. */
    public byte[] end() {
        if (!endDue()) {
            throw new IllegalStateException("end marker not due: " + state + ", sent " + sent + "/" + code.length);
        }
        // After a device abort its \x04 already arrived: nothing more to wait for.
        state = deviceAborted ? State.FINISHED : State.END_SENT;
        return new byte[] {ReplBytes.CTRL_D};
    }

    public boolean allSent() {
        return sent == code.length;
    }

    public boolean deviceAborted() {
        return deviceAborted;
    }

    /** Our {@code \x04} is sent and the device acknowledged (or had aborted): output follows. */
    public boolean finished() {
        return state == State.FINISHED;
    }

    public long credit() {
        return credit;
    }

    public int sent() {
        return sent;
    }

    private static String hex(int b) {
        return String.format("0x%02x", b & 0xff);
    }

    private static ProtocolException violation(String expected, byte[] b, int i, int end) {
        return new ProtocolException("raw-paste: expected " + expected + " but the device sent '"
                + Bytes.escape(b, i, end - i, 80) + "'");
    }
}
