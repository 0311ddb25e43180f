package dev.upyd.pki;

import java.nio.file.Path;

/** A key or certificate file that cannot be used; the message names the file and the reason. */
public class KeyFileException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public KeyFileException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    public KeyFileException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
