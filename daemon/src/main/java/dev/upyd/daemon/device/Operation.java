package dev.upyd.daemon.device;

/**
 * One unit of work that owns the device's REPL while it runs (an exec, a file transfer, an attached
 * shell). Operations are queued per device and run one at a time, in order. All methods are called
 * on the session's Vert.x context.
 */
public abstract class Operation {
    private DeviceSession.Io io;
    private boolean finished;

    /** Short name for logs ("exec", "put", ...). */
    public abstract String kind();

    /** It is this operation's turn; the raw REPL is idle at its {@code >} prompt. */
    protected abstract void start();

    /** A TEXT frame from the device (REPL bytes). */
    protected void text(byte[] payload) {
    }

    /** A BINARY frame from the device (file protocol). */
    protected void binary(byte[] payload) {
    }

    /** The connection is gone while this operation ran (or before it could start). */
    protected abstract void failed(LinkException e);

    /** The requesting client asked to stop (or disappeared): interrupt the device side. */
    protected void cancel() {
    }

    /** Whether a liveness probe may be sent while this operation runs (an idle attached shell: yes). */
    protected boolean allowsProbe() {
        return false;
    }

    /** True for operations that talk the binary file protocol (a liveness probe must not overlap them). */
    protected boolean usesBinary() {
        return false;
    }

    /** File bytes this operation moved, once it completed successfully (metrics); 0 for non-transfers. */
    protected long completedTransferBytes() {
        return 0;
    }

    /** {@link #kind()} as a metric label: a fixed word, never user input. */
    final String metricKind() {
        return kind().replaceAll("[^a-z]+", "_").replaceAll("^_|_$", "");
    }

    final void bind(DeviceSession.Io io) {
        this.io = io;
    }

    protected final DeviceSession.Io io() {
        return io;
    }

    /** Ends the operation; {@code replClean} false makes the session reconnect (state unknown). */
    protected final void finish(boolean replClean) {
        if (!finished) {
            finished = true;
            io.finished(this, replClean);
        }
    }

    protected final boolean isFinished() {
        return finished;
    }

    final void markFinished() {
        finished = true;
    }
}
