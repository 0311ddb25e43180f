package dev.upyd.cli;

/**
 * A failure the user should read as one line (no stack trace), carrying the documented exit code
 * ({@link Main.ExitCodes}). Messages never contain passwords or passphrases.
 */
public class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
