package dev.upyd.cli.command;

import dev.upyd.cli.Main;
import dev.upyd.cli.group.GroupFiles;
import dev.upyd.cli.group.GroupListing;
import dev.upyd.pki.config.GroupConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "gg", mixinStandardHelpOptions = true,
        description = {"List the global group as upydev prints it (no daemon needed): same as `see UPY_G`.",
                "upyd differs: the global group is always UPYD_HOME's UPY_G.config (a copy in the working directory"
                        + " does not shadow it), because that is the list the daemon holds sessions for."})
public final class GgCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "-g", description = "upydev's global flag (accepted; the global group is always in UPYD_HOME).")
    boolean global;

    @Override
    public Integer call() {
        GroupListing.see(spec.commandLine().getOut(), GroupConfig.GLOBAL_GROUP,
                new GroupFiles(main.settings()).global().entries());
        return 0;
    }
}
