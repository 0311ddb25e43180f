package dev.upyd.cli.client;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import java.nio.file.Path;

/** The daemon's socket cannot be reached: says how to start it. */
public final class DaemonUnavailableException extends CliException {
    public DaemonUnavailableException(Path socket, String why) {
        super(Main.ExitCodes.NO_DAEMON, "upyd daemon is not running (socket " + socket + (why == null ? "" : ": " + why)
                + "): start it with `upyd daemon` or `systemctl --user start upyd`");
    }
}
