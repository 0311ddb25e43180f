package dev.upyd.daemon.device;

import dev.upyd.daemon.DaemonSettings;

/**
 * A client's code run on the device (raw-paste), output streamed to the client as it arrives.
 * Cancel sends Ctrl-C; if the device does not come back to its prompt within the cancel grace
 * (e.g. {@code while True: pass}, which WebREPL cannot interrupt) the session is dropped and
 * re-established so that the next command is not stuck behind it.
 */
public final class ExecOperation extends Operation {
    private final byte[] code;
    private final OutputSink sink;
    private ExecStep step;
    private boolean sawStderr;
    private final java.io.ByteArrayOutputStream stderrTail = new java.io.ByteArrayOutputStream();
    private long graceTimer = -1;
    private long timeoutTimer = -1;
    private boolean cancelled;
    private OutputThrottle throttle;

    public ExecOperation(byte[] code, OutputSink sink) {
        this.code = code.clone();
        this.sink = sink;
    }

    @Override
    public String kind() {
        return "exec";
    }

    @Override
    protected void start() {
        if (code.length == 0 || indexOfControl(code) >= 0) {
            // empty code would be a soft reset in the raw REPL; \x03/\x04 would end the paste early
            sink.result(ResultCodes.USAGE, code.length == 0 ? "nothing to run: the code is empty"
                    : "the code contains a Ctrl-C/Ctrl-D byte (0x03/0x04) at offset " + indexOfControl(code)
                            + ", which the raw REPL cannot carry");
            finish(true);
            return;
        }
        throttle = new OutputThrottle(io(), sink, () -> interruptOrDrop("the client read no output for "
                + throttle.giveUpMillis() + " ms"));
        step = new ExecStep(io(), code, new ExecStep.Listener() {
            @Override
            public void stdout(byte[] b) {
                sink.stdout(b);
                throttle.afterOutput();
            }

            @Override
            public void stderr(byte[] b) {
                sawStderr = true;
                // a device writes "ValueError", ": ", "bad value" as separate frames: keep a tail, not a chunk
                stderrTail.writeBytes(b);
                if (stderrTail.size() > 2048) {
                    byte[] all = stderrTail.toByteArray();
                    stderrTail.reset();
                    stderrTail.write(all, all.length - 1024, 1024);
                }
                sink.stderr(b);
                throttle.afterOutput();
            }

            @Override
            public void done(boolean interrupted) {
                cancelTimers();
                if (cancelled) {
                    sink.result(ResultCodes.INTERRUPTED, "cancelled (KeyboardInterrupt sent)");
                } else if (sawStderr) {
                    sink.result(ResultCodes.DEVICE_EXCEPTION, lastLine(stderrTail));
                } else {
                    sink.result(ResultCodes.OK, "");
                }
                finish(true);
            }

            @Override
            public void deviceReset() {
                cancelTimers();
                sink.result(ResultCodes.UNREACHABLE, io().deviceName() + " soft-reset (MPY: soft reboot); reconnecting");
                finish(false); // the session reconnects at once, fast retries while the board boots
            }
        });
        long limit = io().settings().getLong(DaemonSettings.COMMAND_TIMEOUT);
        if (limit > 0) {
            timeoutTimer = io().setTimer(limit, () -> {
                timeoutTimer = -1;
                interruptOrDrop("command time limit of " + limit + " ms reached");
            });
        }
        step.start();
    }

    @Override
    protected void text(byte[] payload) {
        step.text(payload);
    }

    @Override
    protected void cancel() {
        cancelled = true;
        interruptOrDrop("cancelled");
    }

    /** The last non-empty line, e.g. {@code NameError: name 'x' isn't defined}. */
    static String lastLine(java.io.ByteArrayOutputStream tail) {
        String s = tail.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        int nl = s.lastIndexOf('\n');
        return (nl < 0 ? s : s.substring(nl + 1)).strip();
    }

    private void interruptOrDrop(String why) {
        if (isFinished() || step == null) {
            return;
        }
        step.interrupt();
        if (graceTimer < 0) {
            long grace = io().settings().getLong(DaemonSettings.CANCEL_GRACE);
            graceTimer = io().setTimer(grace, () -> {
                if (!isFinished()) {
                    cancelTimers();
                    sink.result(cancelled ? ResultCodes.INTERRUPTED : ResultCodes.UNREACHABLE, why
                            + "; the device did not stop within " + grace + " ms (busy loop?), session reset");
                    finish(false);
                }
            });
        }
    }

    private void cancelTimers() {
        if (throttle != null) {
            throttle.stop();
        }
        if (graceTimer >= 0) {
            io().cancelTimer(graceTimer);
            graceTimer = -1;
        }
        if (timeoutTimer >= 0) {
            io().cancelTimer(timeoutTimer);
            timeoutTimer = -1;
        }
    }

    @Override
    protected void failed(LinkException e) {
        if (io() != null && step != null) {
            cancelTimers();
        }
        sink.result(ResultCodes.of(e), e.getMessage());
    }

    private static int indexOfControl(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0x03 || b[i] == 0x04) {
                return i;
            }
        }
        return -1;
    }
}
