package dev.upyd.daemon.device;

import dev.upyd.daemon.DaemonSettings;
import dev.upyd.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Shared plumbing of PUT and GET: helper commands run through the raw REPL (stat, rename) with their
 * stdout captured, and a stall timer: no frame from the device for the file timeout fails the
 * transfer and resets the session (the device's file-protocol state is then unknown).
 */
abstract class FileOperation extends Operation {
    /** Helper commands print a few bytes; more means something is wrong. */
    private static final int MAX_HELPER_OUTPUT = 4096;

    protected final OutputSink sink;
    private ExecStep helper;
    private boolean cancelRequested;
    private long stallTimer = -1;

    FileOperation(OutputSink sink) {
        this.sink = sink;
    }

    /** What a helper command printed. */
    protected interface HelperResult {
        void accept(String stdout, String stderr);
    }

    protected final void runHelper(String code, HelperResult then) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        helper = new ExecStep(io(), code.getBytes(StandardCharsets.UTF_8), new ExecStep.Listener() {
            @Override
            public void stdout(byte[] b) {
                append(out, b);
            }

            @Override
            public void stderr(byte[] b) {
                append(err, b);
            }

            @Override
            public void done(boolean cancelled) {
                helper = null;
                if (cancelRequested && !committing()) {
                    end(ResultCodes.INTERRUPTED, kind() + " cancelled", true);
                    return;
                }
                then.accept(out.toString(StandardCharsets.UTF_8).strip(), err.toString(StandardCharsets.UTF_8).strip());
            }
        });
        helper.start();
        touch();
    }

    private static void append(ByteArrayOutputStream o, byte[] b) {
        if (o.size() + b.length > MAX_HELPER_OUTPUT) {
            throw new ProtocolException("unexpectedly long output from a file helper command");
        }
        o.writeBytes(b);
    }

    @Override
    protected final void text(byte[] payload) {
        touch();
        if (helper != null) {
            helper.text(payload);
        }
        // else: stray REPL output during the binary phase; the device prints nothing there
    }

    @Override
    protected final void binary(byte[] payload) {
        touch();
        onBinary(payload);
    }

    protected abstract void onBinary(byte[] payload);

    @Override
    protected final boolean usesBinary() {
        return true;
    }

    /** Restarts the stall timer; every frame from the device counts as progress. */
    protected final void touch() {
        if (stallTimer >= 0) {
            io().cancelTimer(stallTimer);
        }
        long ms = io().settings().getLong(DaemonSettings.FILE_TIMEOUT);
        stallTimer = io().setTimer(ms, () -> {
            stallTimer = -1;
            if (!isFinished()) {
                sink.result(ResultCodes.UNREACHABLE, kind() + " stalled: no answer from the device for " + ms + " ms");
                finish(false);
            }
        });
    }

    private long movedBytes;

    /** Called by a subclass just before a successful {@link #end}: the file bytes it moved. */
    protected final void moved(long bytes) {
        movedBytes = bytes;
    }

    @Override
    protected final long completedTransferBytes() {
        return movedBytes;
    }

    protected final void end(int code, String message, boolean replClean) {
        if (stallTimer >= 0) {
            io().cancelTimer(stallTimer);
            stallTimer = -1;
        }
        if (!isFinished()) {
            sink.result(code, message);
            finish(replClean);
        }
    }

    @Override
    protected final void failed(LinkException e) {
        if (stallTimer >= 0 && io() != null) {
            io().cancelTimer(stallTimer);
            stallTimer = -1;
        }
        sink.result(ResultCodes.of(e), e.getMessage());
    }

    /**
     * Cancel. WebREPL's file protocol has no abort: a device in the middle of a PUT or GET only leaves it
     * when the connection closes. So a transfer in its binary phase is cut off at once and the session
     * reset (the daemon reconnects by itself; the reconnect costs a TLS handshake, waiting for a large file
     * costs more); nothing lands under the real name on either side (a PUT writes a temporary name first).
     * A helper command (stat, rename) is never cut: the transfer stops after it, except a PUT's final
     * rename, which then completes and reports success, since the file is in place.
     */
    @Override
    protected void cancel() {
        cancelRequested = true;
        if (helper == null) {
            end(ResultCodes.INTERRUPTED, kind() + " cancelled; the transfer was cut off and the session is reset", false);
        }
    }

    /** True while the helper command that commits the transfer runs (a PUT's rename): cancel waits for it. */
    protected boolean committing() {
        return false;
    }

    /**
     * {@code os.stat(path)} through the raw REPL, parsed from the printed tuple; empty when the
     * device raised OSError (no such file or directory). Plain statements only, no try/except: the
     * smallest ports and the light simulator take them as they are.
     */
    protected final void stat(String devicePath, java.util.function.Consumer<java.util.Optional<long[]>> then) {
        runHelper("import os\nprint(os.stat(" + PyCode.str(devicePath) + "))\n", (out, err) -> {
            if (!err.isEmpty()) {
                if (err.contains("OSError")) {
                    then.accept(java.util.Optional.empty());
                } else {
                    end(ResultCodes.DEVICE_EXCEPTION, "stat " + devicePath + ": " + PutOperation.lastLine(err), true);
                }
                return;
            }
            try {
                Object v = dev.upyd.protocol.pylit.PythonLiteral.parse(out);
                if (v instanceof dev.upyd.protocol.pylit.PyTuple t && t.size() >= 7) {
                    then.accept(java.util.Optional.of(new long[] {((Number) t.get(0)).longValue(),
                            ((Number) t.get(6)).longValue()}));
                    return;
                }
            } catch (RuntimeException e) {
                // fall through
            }
            end(ResultCodes.INTERNAL, "unexpected answer to os.stat(" + devicePath + "): '" + out + "'", true);
        });
    }

    static boolean isDirectory(long mode) {
        return (mode & 0x4000) != 0;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
