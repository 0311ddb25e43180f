package dev.upyd.cli.kg;

/** The device could not be asked or written to; the message says why and is shown as it is. */
public class DeviceLinkException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeviceLinkException(String message) {
        super(message);
    }

    public DeviceLinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
