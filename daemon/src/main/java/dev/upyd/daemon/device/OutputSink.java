package dev.upyd.daemon.device;

/**
 * Where an operation's results go (the local API client that asked). Called on the session's
 * context; implementations must not block. {@link #result} is called exactly once, last.
 */
public interface OutputSink {
    void stdout(byte[] b);

    void stderr(byte[] b);

    default void progress(long done, long total) {
    }

    void result(int exitCode, String message);

    /**
     * True while the receiver has too much unread output: the operation stops reading from the device
     * until it is false again (see OutputThrottle). Default: never.
     */
    default boolean saturated() {
        return false;
    }
}
