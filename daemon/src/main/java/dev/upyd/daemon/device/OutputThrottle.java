package dev.upyd.daemon.device;

/**
 * Backpressure from a slow local API client to the device: while the client has more than its sink's
 * limit unread, the operation stops reading from the device (TCP flow control then slows the device
 * down; a board blocks in print()). Without it a device that prints faster than the client reads,
 * as a hostile one flooding at link speed does, would fill the client's queue until the client is
 * dropped. A client that drains nothing for {@code api.client.give.up.ms} is treated as gone: {@code onGiveUp}
 * interrupts the operation. Session-context confined.
 */
final class OutputThrottle {
    static final long POLL_MS = 20;
    private final long giveUpMs;

    private final DeviceSession.Io io;
    private final OutputSink sink;
    private final Runnable onGiveUp;
    private long timer = -1;
    private long pausedSinceNanos;
    private boolean gaveUp;

    OutputThrottle(DeviceSession.Io io, OutputSink sink, Runnable onGiveUp) {
        this.io = io;
        this.sink = sink;
        this.onGiveUp = onGiveUp;
        this.giveUpMs = io.settings().getLong(dev.upyd.daemon.DaemonSettings.CLIENT_GIVE_UP);
    }

    long giveUpMillis() {
        return giveUpMs;
    }

    /** Call after handing output to the sink. */
    void afterOutput() {
        if (timer < 0 && sink.saturated()) {
            io.pauseInput(true);
            pausedSinceNanos = System.nanoTime();
            timer = io.setTimer(POLL_MS, this::check);
        }
    }

    private void check() {
        timer = -1;
        if (!sink.saturated()) {
            io.pauseInput(false);
            return;
        }
        if (!gaveUp && System.nanoTime() - pausedSinceNanos > giveUpMs * 1_000_000L) {
            gaveUp = true;
            io.pauseInput(false); // the device's answer to the interrupt must get through
            onGiveUp.run();
            return;
        }
        timer = io.setTimer(POLL_MS, this::check);
    }

    /** The operation ended: read from the device again. */
    void stop() {
        if (timer >= 0) {
            io.cancelTimer(timer);
            timer = -1;
            io.pauseInput(false);
        }
    }
}
