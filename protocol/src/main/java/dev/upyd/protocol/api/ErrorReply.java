package dev.upyd.protocol.api;

import java.util.Objects;

/**
 * Daemon -> client: the request could not be served (or the client broke the protocol). Codes are stable
 * numbers so that scripts can react to them.
 */
public record ErrorReply(int requestId, int code, String message) implements Message {
    /** The client sent a malformed or unexpected message. */
    public static final int BAD_MESSAGE = 1;
    /** A frame or a value exceeded a limit. */
    public static final int TOO_LARGE = 2;
    /** No device of that name in the group. */
    public static final int UNKNOWN_DEVICE = 3;
    /** The device is known but not connected (offline, backing off, rebooting). */
    public static final int DEVICE_UNAVAILABLE = 4;
    /** TLS key locked, wrong passphrase, or the device refused the WebREPL password. */
    public static final int AUTH = 5;
    /** The device is serving another exclusive request (e.g. an attached shell). */
    public static final int BUSY = 6;
    /** The request was cancelled. */
    public static final int CANCELLED = 7;
    /** A bug or unexpected failure in the daemon. */
    public static final int INTERNAL = 8;
    /** Hello with a protocol version this daemon does not speak. */
    public static final int UNSUPPORTED_VERSION = 9;
    /** The device reported an error (e.g. a missing remote file). */
    public static final int DEVICE_ERROR = 10;
    /** A request timed out. */
    public static final int TIMEOUT = 11;

    public ErrorReply {
        Objects.requireNonNull(message, "message");
    }

    public static String codeName(int code) {
        return switch (code) {
            case BAD_MESSAGE -> "BAD_MESSAGE";
            case TOO_LARGE -> "TOO_LARGE";
            case UNKNOWN_DEVICE -> "UNKNOWN_DEVICE";
            case DEVICE_UNAVAILABLE -> "DEVICE_UNAVAILABLE";
            case AUTH -> "AUTH";
            case BUSY -> "BUSY";
            case CANCELLED -> "CANCELLED";
            case INTERNAL -> "INTERNAL";
            case UNSUPPORTED_VERSION -> "UNSUPPORTED_VERSION";
            case DEVICE_ERROR -> "DEVICE_ERROR";
            case TIMEOUT -> "TIMEOUT";
            default -> "CODE_" + code;
        };
    }
}
