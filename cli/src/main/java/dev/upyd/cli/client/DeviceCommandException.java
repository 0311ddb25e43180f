package dev.upyd.cli.client;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;

/** A device-side failure: a Python exception (its last traceback line) or an error the daemon reported. */
public final class DeviceCommandException extends CliException {
    public DeviceCommandException(DaemonClient.Outcome o, String device, String detail) {
        super(o.exitCode() != 0 ? o.exitCode() : Main.ExitCodes.DEVICE_EXCEPTION,
                device + ": " + (detail == null || detail.isBlank() ? "failed (exit " + o.exitCode() + ")" : detail));
    }
}
