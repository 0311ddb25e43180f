package dev.upyd.daemon.device;

import dev.upyd.daemon.DaemonSettings;
import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.repl.RawReplEntry;
import dev.upyd.protocol.repl.ReplBytes;

/**
 * An interactive shell holding the REPL: leaves the raw REPL for the friendly one ({@code \r\x02},
 * the device prints its banner and {@code >>> }), then passes bytes both ways untouched until the
 * client detaches (or goes away); then it interrupts whatever runs and re-enters the raw REPL so that
 * queued commands find the REPL as they expect.
 */
public final class AttachOperation extends Operation {
    private final OutputSink sink;
    private RawReplEntry leaving;
    private long leaveTimer = -1;
    private OutputThrottle throttle;

    public AttachOperation(OutputSink sink) {
        this.sink = sink;
    }

    @Override
    public String kind() {
        return "attach";
    }

    @Override
    protected void start() {
        io().sendText(ReplBytes.EXIT_RAW.clone());
    }

    /** Keystrokes from the client, as REPL input. */
    public void input(byte[] b) {
        if (!isFinished() && leaving == null && b.length > 0) {
            io().sendText(b);
        }
    }

    @Override
    protected void text(byte[] payload) {
        if (leaving == null) {
            sink.stdout(payload);
            if (throttle == null) {
                // a client that never drains is dropped by its connection (32 MiB unread), which detaches it
                throttle = new OutputThrottle(io(), sink, () -> { });
            }
            throttle.afterOutput();
            return;
        }
        try {
            if (leaving.offer(payload)) {
                io().cancelTimer(leaveTimer);
                sink.result(ResultCodes.OK, "detached");
                finish(true);
            }
        } catch (ProtocolException e) {
            io().cancelTimer(leaveTimer);
            sink.result(ResultCodes.OK, "detached");
            finish(false);
        }
    }

    @Override
    protected boolean allowsProbe() {
        return leaving == null;
    }

    /** Detach: give the REPL back to the queue. */
    @Override
    protected void cancel() {
        if (isFinished() || leaving != null) {
            return;
        }
        leaving = new RawReplEntry();
        if (throttle != null) {
            throttle.stop(); // the way back to the raw REPL must be read
        }
        io().sendText(ReplBytes.ENTER_RAW.clone());
        long ms = io().settings().getLong(DaemonSettings.CANCEL_GRACE);
        leaveTimer = io().setTimer(ms, () -> {
            if (!isFinished()) {
                sink.result(ResultCodes.OK, "detached (the device did not return to the raw REPL; session reset)");
                finish(false);
            }
        });
    }

    @Override
    protected void failed(LinkException e) {
        if (leaveTimer >= 0 && io() != null) {
            io().cancelTimer(leaveTimer);
        }
        sink.result(ResultCodes.of(e), e.getMessage());
    }
}
