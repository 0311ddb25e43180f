package dev.upyd.daemon.device;

import dev.upyd.daemon.DaemonSettings;
import dev.upyd.protocol.webrepl.DeviceVersion;
import dev.upyd.protocol.webrepl.FileRequest;

/**
 * {@code upyd ping}: one GET_VER round trip on the held session, timed from the moment the request leaves to the
 * moment the three-byte answer arrives. GET_VER is the file protocol's only request without side effects, which is
 * also why the session's own liveness probe uses it; as a queued operation it never overlaps a transfer.
 */
public final class PingOperation extends Operation {
    private final OutputSink sink;
    private long sentNanos;
    private long timer = -1;

    public PingOperation(OutputSink sink) {
        this.sink = sink;
    }

    @Override
    public String kind() {
        return "ping";
    }

    @Override
    protected boolean usesBinary() {
        return true;
    }

    @Override
    protected void start() {
        long timeout = io().settings().getLong(DaemonSettings.FILE_TIMEOUT);
        timer = io().setTimer(timeout, () -> {
            timer = -1;
            if (!isFinished()) {
                sink.result(ResultCodes.UNREACHABLE, "no answer to ping within " + timeout + " ms");
                finish(false); // the answer may still come: a fresh session is the safe state
            }
        });
        sentNanos = System.nanoTime();
        io().sendBinary(FileRequest.getVersion().encode());
    }

    @Override
    protected void binary(byte[] payload) {
        long micros = (System.nanoTime() - sentNanos) / 1000;
        if (isFinished()) {
            return;
        }
        cancelTimer();
        if (payload.length != DeviceVersion.LENGTH) {
            sink.result(ResultCodes.INTERNAL, "odd answer to GET_VER: " + payload.length + " bytes");
            finish(false);
            return;
        }
        sink.result(ResultCodes.OK, Long.toString(micros));
        finish(true);
    }

    @Override
    protected void failed(LinkException e) {
        cancelTimer();
        sink.result(ResultCodes.of(e), e.getMessage());
    }

    private void cancelTimer() {
        if (timer >= 0) {
            io().cancelTimer(timer);
            timer = -1;
        }
    }
}
