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

    /** stdout and stderr of the device to ours (a class, not a lambda: see UnixSockets.WarmUp). */
    private static final class Streams implements DaemonClient.OutputListener {
        private final java.io.OutputStream out;
        private final java.io.OutputStream err;

        Streams(java.io.OutputStream out, java.io.OutputStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void output(int stream, byte[] data) throws IOException {
            (stream == Output.STDERR ? err : out).write(data);
        }
    }

    static int stream(DeviceRun run, String code) throws IOException {
        return stream(run, code, 0);
    }

    /** With {@link dev.upyd.protocol.api.Exec} flags. */
    static int stream(DeviceRun run, String code, int flags) throws IOException {
        java.io.OutputStream out = new CrlfToLf(new Utf8Writer(run.out()));
        java.io.OutputStream err = new CrlfToLf(new Utf8Writer(run.err()));
        DaemonClient.Outcome r;
        if (run.grouped()) {
            r = run.client().exec(run.device(), code, flags, new Streams(out, err));
        } else {
            try (Interrupts i = Interrupts.cancelling(run.client())) {
                r = run.client().exec(run.device(), code, flags, new Streams(out, err));
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
