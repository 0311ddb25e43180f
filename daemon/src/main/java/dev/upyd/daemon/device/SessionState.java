package dev.upyd.daemon.device;

/** What a device session is doing, as shown by `upyd devices`. */
public enum SessionState {
    CONNECTING("connecting"),
    ONLINE("online"),
    /** Waiting before the next attempt; see the next retry time. */
    BACKOFF("backoff"),
    /** Wrong password or certificate rejected: retrying slowly; the reason is in the last error. */
    AUTH_FAILED("auth-failed"),
    /** TLS device, host key encrypted, no passphrase known: waiting for `upyd unlock`. */
    LOCKED("locked"),
    STOPPED("stopped");

    private final String label;

    SessionState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
