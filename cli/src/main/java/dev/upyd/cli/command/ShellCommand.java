package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.shell.ShellRepl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "shell", aliases = "shl", mixinStandardHelpOptions = true,
        description = {"The shell-repl on one device: shell commands (ls, cd, put, get, ...), local commands (lcd, lls, lpwd, !cmd),",
                "CTRL-s toggles a true interactive MicroPython REPL, CTRL-k lists the keys, CTRL-x or `exit` leaves.",
                "Forms: `upyd shell NAME`, upydev's `upyd shl@NAME` and `upyd shl -@ NAME`."})
public final class ShellCommand extends DeviceCommand {
    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The device.")
    String name;

    @Override
    protected String positionalDevice() {
        return name;
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        return open(run, main, false);
    }

    /** The shell-repl on {@code run}'s device, from its shell mode or ({@code repl}) its REPL mode. */
    static int open(DeviceRun run, Main main, boolean repl) throws java.io.IOException {
        if (run.grouped()) {
            throw new CliException(Main.ExitCodes.USAGE, (repl ? "the REPL" : "the shell") + " works on one device at a time");
        }
        if (main.shellContext() != null) {
            run.err().println(repl ? "in the shell already: CTRL-s toggles the REPL"
                    : "already in the shell of " + main.shellContext().device());
            return Main.ExitCodes.USAGE;
        }
        // the launcher modelled only `shell`; the shell's lines need every verb, bound to a Main of their own
        picocli.CommandLine full = Main.commandLine(main.settings(), true);
        ShellRepl shell = new ShellRepl(run, full.getCommand(), full);
        return (repl ? shell.startInRepl() : shell).run();
    }
}
