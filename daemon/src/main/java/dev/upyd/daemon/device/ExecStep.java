package dev.upyd.daemon.device;

import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.repl.RawPasteWriter;
import dev.upyd.protocol.repl.RawReplDecoder;
import dev.upyd.protocol.repl.RawReplListener;
import dev.upyd.protocol.repl.ReplBytes;
import java.util.Arrays;

/**
 * Runs one piece of Python in the (already entered) raw REPL: raw-paste with the device's flow
 * control ({@code \x05A\x01}, then only as many bytes as the granted windows allow), falling back to
 * plain raw REPL on firmware without raw-paste. stdout/stderr are streamed as they arrive. Used by
 * {@link ExecOperation} and, for their small helper commands, by the file transfers.
 */
final class ExecStep {
    /** Receives the output; {@link #done} once the device is back at the raw REPL prompt. */
    interface Listener {
        void stdout(byte[] b);

        void stderr(byte[] b);

        void done(boolean cancelled);

        /** The code soft-reset the device ({@code MPY: soft reboot} instead of the prompt). */
        default void deviceReset() {
        }
    }

    /** Plain raw REPL has no flow control: stay under the ~256-byte stdin ring buffer per write. */
    private static final int PLAIN_RAW_SLICE = 128;

    private enum Phase { NEGOTIATE, PASTING, PLAIN, RESULT, DONE }

    private final DeviceSession.Io io;
    private final byte[] code;
    private final Listener listener;
    private final RawPasteWriter writer;
    private RawReplDecoder decoder;
    private Phase phase = Phase.NEGOTIATE;
    private boolean cancelRequested;
    private boolean interruptSent;

    ExecStep(DeviceSession.Io io, byte[] code, Listener listener) {
        this.io = io;
        this.code = code;
        this.listener = listener;
        this.writer = new RawPasteWriter(code);
    }

    void start() {
        io.sendText(ReplBytes.rawPasteRequest());
    }

    boolean isDone() {
        return phase == Phase.DONE;
    }

    /** Ctrl-C: the running program gets KeyboardInterrupt (only while it sleeps or waits: device limit). */
    void interrupt() {
        cancelRequested = true;
        if (phase == Phase.PASTING || phase == Phase.RESULT) {
            sendInterrupt();
        }
    }

    private void sendInterrupt() {
        if (!interruptSent) {
            interruptSent = true;
            // while pasting, the device reader takes Ctrl-C as the end of input: the writer must then never
            // send its \x04 end marker, which would reach the idle raw REPL as an empty line = soft reset
            io.sendText(phase == Phase.PASTING ? writer.interrupt() : new byte[] {ReplBytes.CTRL_C});
        }
    }

    void text(byte[] b) {
        switch (phase) {
            case NEGOTIATE -> {
                RawPasteWriter.Negotiation n = writer.offer(b);
                if (n == RawPasteWriter.Negotiation.ACCEPTED) {
                    phase = Phase.PASTING;
                    if (cancelRequested) {
                        sendInterrupt();
                    }
                    pump();
                } else if (n == RawPasteWriter.Negotiation.UNSUPPORTED) {
                    plainRaw();
                }
            }
            case PASTING -> {
                int used = writer.offerDeviceBytes(b, 0, b.length);
                pump();
                if (phase == Phase.RESULT && used < b.length) {
                    result(Arrays.copyOfRange(b, used, b.length));
                }
            }
            case PLAIN, RESULT -> result(b);
            case DONE -> throw new ProtocolException("unexpected REPL output after the command ended: "
                    + new String(b, java.nio.charset.StandardCharsets.UTF_8));
            default -> { }
        }
    }

    private void pump() {
        while (true) {
            byte[] d = writer.nextData();
            if (d.length == 0) {
                break;
            }
            io.sendText(d);
        }
        if (writer.endDue()) {
            io.sendText(writer.end());
        }
        if (writer.finished()) {
            phase = Phase.RESULT;
            decoder = new RawReplDecoder(RawReplDecoder.Start.STDOUT);
            if (cancelRequested) {
                sendInterrupt();
            }
        }
    }

    private void plainRaw() {
        // old firmware: the device stays in the raw REPL; send the code and Ctrl-D, answer starts with OK
        for (int i = 0; i < code.length; i += PLAIN_RAW_SLICE) {
            io.sendText(Arrays.copyOfRange(code, i, Math.min(code.length, i + PLAIN_RAW_SLICE)));
        }
        io.sendText(new byte[] {ReplBytes.CTRL_D});
        decoder = new RawReplDecoder(RawReplDecoder.Start.OK);
        phase = Phase.RESULT;
        if (cancelRequested) {
            sendInterrupt();
        }
    }

    private void result(byte[] b) {
        try {
            decode(b);
        } catch (ProtocolException e) {
            // sys.exit()/machine.soft_reset(): pyexec returns without the '>' and the board reboots
            if (new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).contains("soft reboot")) {
                phase = Phase.DONE;
                listener.deviceReset();
            } else {
                throw e;
            }
        }
    }

    private void decode(byte[] b) {
        decoder.offer(b, 0, b.length, new RawReplListener() {
            @Override
            public void stdout(byte[] x) {
                listener.stdout(x);
            }

            @Override
            public void stderr(byte[] x) {
                listener.stderr(x);
            }

            @Override
            public void done() {
                phase = Phase.DONE;
                listener.done(interruptSent);
            }
        });
    }
}
