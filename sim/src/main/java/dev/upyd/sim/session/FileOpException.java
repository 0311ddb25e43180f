package dev.upyd.sim.session;

/**
 * A file operation the device cannot do (missing file or directory, a path outside DEVICE_DIR, a
 * malformed {@code WA} record). A board reports none of these: the exception inside dupterm's read()
 * deactivates WebREPL and closes the socket, so the session does exactly that.
 */
public final class FileOpException extends Exception {
    private static final long serialVersionUID = 1L;

    public FileOpException(String message) {
        super(message);
    }

    public FileOpException(String message, Throwable cause) {
        super(message, cause);
    }
}
