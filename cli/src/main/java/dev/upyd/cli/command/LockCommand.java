package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.client.DaemonClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import dev.upyd.cli.Main;

@Command(name = "lock", mixinStandardHelpOptions = true, description = "Make the daemon forget the host key's passphrase.")
public final class LockCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (DaemonClient c = DaemonClient.connect(main.settings())) {
            DaemonClient.Outcome o = c.lock();
            if (!o.ok()) {
                throw new CliException(o.exitCode() == 0 ? 70 : o.exitCode(), "lock failed: " + o.message());
            }
        }
        spec.commandLine().getOut().println("host key locked");
        return Main.ExitCodes.OK;
    }
}
