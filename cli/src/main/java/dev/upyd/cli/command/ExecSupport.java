package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.util.CrlfToLf;
import dev.upyd.cli.util.Utf8Writer;
import dev.upyd.protocol.api.Output;
import java.io.IOException;

/** Runs Python on a device with its output streamed to the command's out/err as it arrives. */
public final class ExecSupport {
    private ExecSupport() {
    }

    /** stdout and stderr of the device to ours (a class, not a lambda: see UnixSockets.WarmUp). */
    private static final class Streams implements DaemonClient.OutputListener {
        private final java.io.OutputStream out;
        private final java.io.OutputStream err;
        private final java.io.ByteArrayOutputStream errCopy;

        Streams(java.io.OutputStream out, java.io.OutputStream err, java.io.ByteArrayOutputStream errCopy) {
            this.out = out;
            this.err = err;
            this.errCopy = errCopy;
        }

        @Override
        public void output(int stream, byte[] data) throws IOException {
            (stream == Output.STDERR ? err : out).write(data);
            if (stream == Output.STDERR && errCopy != null && errCopy.size() < 64 * 1024) {
                errCopy.write(data);
            }
        }
    }

    /** What {@link #follow} saw: the exit code (0, or 1 for a device exception) and the traceback's last line. */
    public record Followed(int exitCode, String error) {
        public boolean ok() {
            return exitCode == Main.ExitCodes.OK;
        }
    }

    /**
     * {@link #stream(DeviceRun, String)} that also keeps the last line of the device's stderr (the exception,
     * e.g. {@code ZeroDivisionError: divide by zero}) for a report; the output still streams as it arrives.
     */
    public static Followed follow(DeviceRun run, String code) throws IOException {
        return follow(run, code, 0);
    }

    /**
     * upydev's {@code wr_cmd(cmd, follow=True)}: one line goes through the device's friendly REPL, so the
     * value of an expression is printed ({@code battery} shows its repr); several lines go by raw-paste.
     */
    public static Followed followLine(DeviceRun run, String code) throws IOException {
        String line = code.strip();
        if (line.isEmpty() || line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            return follow(run, code.endsWith("\n") ? code : code + "\n", 0);
        }
        return follow(run, line, dev.upyd.protocol.api.Exec.FLAG_FRIENDLY | dev.upyd.protocol.api.Exec.FLAG_ECHO_OFF);
    }

    private static Followed follow(DeviceRun run, String code, int flags) throws IOException {
        java.io.ByteArrayOutputStream errCopy = new java.io.ByteArrayOutputStream();
        int code1 = stream(run, code, flags, errCopy);
        String err = errCopy.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        int nl = err.lastIndexOf('\n');
        return new Followed(code1, (nl < 0 ? err : err.substring(nl + 1)).strip());
    }

    static int stream(DeviceRun run, String code) throws IOException {
        return stream(run, code, 0);
    }

    /** With {@link dev.upyd.protocol.api.Exec} flags. */
    static int stream(DeviceRun run, String code, int flags) throws IOException {
        return stream(run, code, flags, null);
    }

    private static int stream(DeviceRun run, String code, int flags, java.io.ByteArrayOutputStream errCopy)
            throws IOException {
        java.io.OutputStream out = new CrlfToLf(new Utf8Writer(run.out()));
        java.io.OutputStream err = new CrlfToLf(new Utf8Writer(run.err()));
        DaemonClient.Outcome r;
        if (run.grouped()) {
            r = run.client().exec(run.device(), code, flags, new Streams(out, err, errCopy));
        } else {
            try (Interrupts i = Interrupts.cancelling(run.client())) {
                r = run.client().exec(run.device(), code, flags, new Streams(out, err, errCopy));
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
