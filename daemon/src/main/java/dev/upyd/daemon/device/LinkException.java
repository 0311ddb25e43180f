package dev.upyd.daemon.device;

/**
 * Why a device link could not be made or was lost. The kind decides what the session does next
 * (back off, retry slowly, wait for a passphrase); the message is safe to show to a user and never
 * contains a password or passphrase.
 */
public final class LinkException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** Unreachable, refused, timed out, dropped: try again with backoff. */
        NETWORK,
        /** Wrong WebREPL password or a certificate rejected by either side: retry slowly. */
        AUTH,
        /** The host key is encrypted and no passphrase is known: wait for `upyd unlock`. */
        LOCKED,
        /** The device said something we do not understand: try again with backoff. */
        PROTOCOL,
        /** Not a link problem: the client withdrew a request before it ran. */
        CANCELLED,
        /** Not a link problem: the device is given to a background program ({@code sysctl start}). */
        BUSY
    }

    private final Kind kind;

    public LinkException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public LinkException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Wraps anything that is not a LinkException yet as a NETWORK failure. */
    public static LinkException of(Throwable t) {
        if (t instanceof LinkException le) {
            return le;
        }
        String m = t.getMessage();
        return new LinkException(Kind.NETWORK, (m == null || m.isBlank()) ? t.getClass().getSimpleName() : m, t);
    }
}
