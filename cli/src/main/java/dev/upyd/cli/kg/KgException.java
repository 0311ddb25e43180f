package dev.upyd.cli.kg;

/** Ends a {@code kg} command with a message for the user and an exit code; never a stack trace. */
final class KgException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    KgException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
