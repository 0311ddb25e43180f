package dev.upyd.daemon.device;

/**
 * The exit codes carried by the local API's Result message. Same numbers as the CLI's
 * {@code Main.ExitCodes}, so that the CLI can pass them through unchanged.
 */
public final class ResultCodes {
    public static final int OK = 0;
    /** The code raised an exception on the device (its traceback went to stderr). */
    public static final int DEVICE_EXCEPTION = 1;
    /** Bad request (unknown device, bad path). */
    public static final int USAGE = 2;
    /** The device cannot be reached now, or the session dropped during the operation. */
    public static final int UNREACHABLE = 3;
    /** Authentication problem: wrong password, certificate rejected, host key locked. */
    public static final int AUTH = 4;
    /** Transferred bytes do not match (size or SHA-256). */
    public static final int INTEGRITY = 7;
    /** A bug or an unexpected answer from the device. */
    public static final int INTERNAL = 70;
    /** Cancelled by the client. */
    public static final int INTERRUPTED = 130;

    private ResultCodes() {
    }

    public static int of(LinkException e) {
        return switch (e.kind()) {
            case AUTH, LOCKED -> AUTH;
            case PROTOCOL -> INTERNAL;
            case NETWORK, BUSY -> UNREACHABLE;
            case CANCELLED -> INTERRUPTED;
        };
    }
}
