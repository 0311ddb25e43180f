package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.util.CrlfToLf;
import dev.upyd.cli.util.Utf8Writer;
import dev.upyd.protocol.api.Output;
import java.io.IOException;

/** Runs Python on a device with its output streamed to the command's out/err as it arrives. */
final class ExecSupport {
    private ExecSupport() {
    }

    static int stream(DeviceRun run, String code) throws IOException {
        java.io.OutputStream out = new CrlfToLf(new Utf8Writer(run.out()));
        java.io.OutputStream err = new CrlfToLf(new Utf8Writer(run.err()));
        DaemonClient.Outcome r;
        if (run.grouped()) {
            r = run.client().exec(run.device(), code, (s, d) -> (s == Output.STDERR ? err : out).write(d));
        } else {
            try (Interrupts i = Interrupts.cancelling(run.client())) {
                r = run.client().exec(run.device(), code, (s, d) -> (s == Output.STDERR ? err : out).write(d));
            }
        }
        out.close();
        err.close();
        if (r.daemonError() || r.exitCode() != Main.ExitCodes.OK && r.exitCode() != Main.ExitCodes.DEVICE_EXCEPTION) {
            // the daemon's Result codes are the CLI's exit codes (unreachable, auth, interrupted, ...)
            throw new CliException(r.exitCode(), run.device() + ": " + (r.message().isEmpty() ? "failed" : r.message()));
        }
        return r.exitCode(); // 0, or 1 with the traceback already on stderr
    }
}
