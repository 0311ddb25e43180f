package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.device.DeviceCode;
import dev.upyd.protocol.api.DeviceInfo;
import java.io.IOException;

/**
 * A soft reset through the daemon, and the wait until the daemon holds a session to the device again
 * (upydev's {@code put ... -rst}, and {@code set_wss} after patching boot.py): the user's next command
 * must not meet a device that is still booting.
 */
public final class SoftReset {
    private static final long POLL_MILLIS = 250;
    private static final String CODE = "import machine\nmachine.soft_reset()\n";

    private final DeviceRun run;

    public SoftReset(DeviceRun run) {
        this.run = run;
    }

    /**
     * {@code machine.soft_reset()} from code, as the REPL's Ctrl-D: the device drops the session while
     * resetting, so a session lost DURING the command (Result UNREACHABLE) is the expected answer.
     * Returns the time of the reset, for {@link #awaitOnline}; {@code failureHint} ends the error message.
     */
    public long reset(String failureHint) throws IOException {
        long resetAt = System.currentTimeMillis();
        DaemonClient.Outcome o = run.client().exec(run.device(), CODE, (s, d) -> { });
        if (!o.ok() && (o.daemonError() || o.exitCode() != Main.ExitCodes.UNREACHABLE)) {
            throw new CliException(o.exitCode() != 0 ? o.exitCode() : Main.ExitCodes.DEVICE_EXCEPTION,
                    run.device() + ": soft reset failed" + (o.message().isEmpty() ? "" : ": " + o.message())
                            + failureHint);
        }
        return resetAt;
    }

    /**
     * {@code machine.reset()}: as {@link #reset}, the session lost during the command is the expected answer.
     * Returns the time of the reset.
     */
    public long hard() throws IOException {
        long resetAt = System.currentTimeMillis();
        DaemonClient.Outcome o = run.client().exec(run.device(), DeviceCode.hardReset(), (s, d) -> { });
        if (!o.ok() && (o.daemonError() || o.exitCode() != Main.ExitCodes.UNREACHABLE)) {
            throw new CliException(o.exitCode() != 0 ? o.exitCode() : Main.ExitCodes.DEVICE_EXCEPTION,
                    run.device() + ": hard reset failed" + (o.message().isEmpty() ? "" : ": " + o.message()));
        }
        return resetAt;
    }

    /** A playbook's or device test's {@code reset: soft|hard}: reset, then wait until the device is back. */
    public void restart(boolean hardReset, long waitSeconds) throws IOException, InterruptedException {
        long at = hardReset ? hard() : reset("");
        String last = awaitOnline(at, waitSeconds);
        if (last != null) {
            throw new CliException(Main.ExitCodes.UNREACHABLE, run.device() + ": not online again " + waitSeconds
                    + " s after the " + (hardReset ? "hard" : "soft") + " reset (last state: " + last + ")");
        }
    }

    /**
     * Polls ListDevices until the device is online with a session newer than the reset (the daemon may not
     * have noticed the drop yet when the first poll runs). Null when it is; else the last state seen.
     */
    public String awaitOnline(long resetAt, long waitSeconds) throws InterruptedException {
        long deadline = resetAt + waitSeconds * 1000;
        String last = "unknown";
        while (System.currentTimeMillis() < deadline) {
            for (DeviceInfo d : run.client().listDevices()) {
                if (d.name().equals(run.device())) {
                    last = d.state() + (d.lastError().isEmpty() ? "" : " (" + d.lastError() + ")");
                    if (d.state().equals("online") && d.onlineSinceMillis() >= resetAt) {
                        return null;
                    }
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
        return last;
    }

    /** put -rst: reset, then wait up to {@code waitSeconds} (UPYD_RECONNECT_WAIT_S); 0 = do not wait. */
    void resetAndAwait(long waitSeconds) throws IOException, InterruptedException {
        long resetAt = reset("");
        run.out().println(run.device() + ": soft reset");
        if (waitSeconds <= 0) {
            run.out().println(run.device() + ": not waiting for the device to be back (UPYD_RECONNECT_WAIT_S=0)");
            return;
        }
        String last = awaitOnline(resetAt, waitSeconds);
        if (last != null) {
            throw new CliException(Main.ExitCodes.UNREACHABLE, run.device() + ": not online again " + waitSeconds
                    + " s after the soft reset (last state: " + last + "); the files were put; check the board");
        }
        run.out().println(run.device() + ": online again");
    }
}
