package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.util.AnsiFilter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;

@Command(name = "kbi", mixinStandardHelpOptions = true, description = "Send a keyboard interrupt (Ctrl-C) to the device's REPL.")
public final class KbiCommand extends DeviceCommand {
    @Override
    public int runOn(DeviceRun run) throws Exception {
        StringBuilder seen = new StringBuilder();
        try (DaemonClient.AttachedRepl repl = run.client().attach(run.device())) {
            repl.send(new byte[] {0x03});
            long deadline = System.currentTimeMillis() + 500;
            while (System.currentTimeMillis() < deadline && repl.isOpen()) {
                Object m = repl.poll(100);
                if (m instanceof byte[] b) {
                    seen.append(new String(b, StandardCharsets.UTF_8));
                } else if (m instanceof DaemonClient.Ended e) {
                    if (!e.outcome().ok()) {
                        throw new CliException(e.outcome().exitCode(), run.device() + ": " + e.outcome().message());
                    }
                }
            }
        }
        String text = new AnsiFilter().filter(seen).strip();
        if (text.contains("Traceback") || text.contains("KeyboardInterrupt")) {
            run.out().println(text);
        }
        run.out().println(run.device() + ": KeyboardInterrupt sent");
        return 0;
    }
}
