package dev.upyd.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "repl", aliases = "rpl", mixinStandardHelpOptions = true,
        description = {"The device's interactive MicroPython REPL over the daemon's session: keys go to the device as"
                + " typed (CTRL-c interrupts, CTRL-d soft-resets, CTRL-e paste mode), CTRL-x leaves.",
                "Forms: `upyd repl NAME`, `upyd repl -@ NAME`, upydev's `upyd repl@NAME` and `rpl`.",
                "upyd differs: CTRL-s switches to upyd's shell-repl (and back); other terminals and scripts keep"
                        + " using the device meanwhile (the daemon queues their commands between your lines)."})
public final class ReplCommand extends DeviceCommand {
    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The device.")
    String name;

    @Override
    protected String positionalDevice() {
        return name;
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        return ShellCommand.open(run, main, true);
    }
}
