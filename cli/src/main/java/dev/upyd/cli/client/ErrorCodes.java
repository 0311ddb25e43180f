package dev.upyd.cli.client;

import dev.upyd.cli.Main;
import dev.upyd.protocol.api.ErrorReply;

/** Maps the daemon's ErrorReply codes to the CLI's documented exit codes. */
public final class ErrorCodes {
    private ErrorCodes() {
    }

    public static int exitCodeOf(int errorCode) {
        return switch (errorCode) {
            case ErrorReply.UNKNOWN_DEVICE, ErrorReply.BAD_MESSAGE, ErrorReply.TOO_LARGE -> Main.ExitCodes.USAGE;
            case ErrorReply.DEVICE_UNAVAILABLE, ErrorReply.BUSY, ErrorReply.TIMEOUT -> Main.ExitCodes.UNREACHABLE;
            case ErrorReply.AUTH -> Main.ExitCodes.AUTH;
            case ErrorReply.CANCELLED -> Main.ExitCodes.INTERRUPTED;
            case ErrorReply.DEVICE_ERROR -> Main.ExitCodes.DEVICE_EXCEPTION;
            case ErrorReply.UNSUPPORTED_VERSION -> Main.ExitCodes.NO_DAEMON;
            default -> Main.ExitCodes.INTERNAL;
        };
    }
}
