package dev.upyd.protocol;

/**
 * Bytes that violate a protocol: a device, a peer or a client sent something we will not interpret.
 * The message always says what was expected and what arrived, so that it can be shown to a user as is.
 */
public class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
