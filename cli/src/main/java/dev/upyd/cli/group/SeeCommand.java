package dev.upyd.cli.group;

import dev.upyd.cli.Main;
import dev.upyd.pki.config.GroupConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "see", mixinStandardHelpOptions = true,
        description = {"List the devices of GROUP (GROUP.config in the working directory, else in UPYD_HOME) as upydev"
                + " prints them.", "upyd differs: a missing group is a clear error (exit 2), not a traceback."})
public final class SeeCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GROUP", description = "Group name (a trailing .config is accepted).")
    String group;

    @Option(names = "-g", description = "Look in UPYD_HOME only, not in the working directory.")
    boolean global;

    @Override
    public Integer call() {
        String name = GroupFiles.groupName(group);
        GroupConfig cfg = new GroupFiles(main.settings()).existing(name, global);
        GroupListing.see(spec.commandLine().getOut(), name, cfg.entries());
        return 0;
    }
}
