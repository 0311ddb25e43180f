package dev.upyd.sim;

/** The simulated device cannot start or run: a missing device file, a port in use, no node... */
public class SimException extends Exception {
    private static final long serialVersionUID = 1L;

    public SimException(String message) {
        super(message);
    }

    public SimException(String message, Throwable cause) {
        super(message, cause);
    }
}
