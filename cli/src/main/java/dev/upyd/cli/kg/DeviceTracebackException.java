package dev.upyd.cli.kg;

/** The device was reached but the code raised an exception there (a traceback, not a lost link). */
public class DeviceTracebackException extends DeviceLinkException {
    private static final long serialVersionUID = 1L;

    public DeviceTracebackException(String message) {
        super(message);
    }

    public DeviceTracebackException(String message, Throwable cause) {
        super(message, cause);
    }
}
