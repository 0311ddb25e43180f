package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.protocol.api.ErrorReply;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Soft reset (Ctrl-D in the REPL); -hr: hard reset (machine.reset()). The daemon reconnects by itself.")
public final class ResetCommand extends DeviceCommand {
    @Option(names = "-hr", description = "Hard reset.")
    boolean hard;

    @Override
    public int runOn(DeviceRun run) throws Exception {
        if (hard) {
            new SoftReset(run).hard();
            run.out().println(run.device() + ": hard reset");
            return 0;
        }
        StringBuilder seen = new StringBuilder();
        try (DaemonClient.AttachedRepl repl = run.client().attach(run.device())) {
            repl.send(new byte[] {0x03, 0x04});
            long deadline = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < deadline && repl.isOpen()) {
                Object m = repl.poll(200);
                if (m instanceof byte[] b) {
                    seen.append(new String(b, StandardCharsets.UTF_8));
                    if (seen.indexOf("soft reboot") >= 0 || seen.indexOf("MicroPython") >= 0) {
                        break;
                    }
                } else if (m instanceof DaemonClient.Ended e) {
                    if (e.outcome().errorCode() == ErrorReply.UNKNOWN_DEVICE || e.outcome().errorCode() == ErrorReply.AUTH
                            || e.outcome().errorCode() == ErrorReply.BUSY) {
                        throw new CliException(e.outcome().exitCode(), run.device() + ": " + e.outcome().message());
                    }
                    break; // the session dropped: the reset happened
                }
            }
        }
        run.out().println(run.device() + ": soft reset");
        return 0;
    }
}
