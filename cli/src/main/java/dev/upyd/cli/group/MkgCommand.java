package dev.upyd.cli.group;

import dev.upyd.cli.Main;
import dev.upyd.pki.config.GroupConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "mkg", mixinStandardHelpOptions = true,
        description = {"Make a group: GROUP.config in the working directory (UPYD_HOME with -g), overwriting one that"
                + " exists, as upydev does.",
                "upyd differs: the daemon holds sessions for the global group only, so devices of a new group that"
                        + " are not in UPY_G are added to it (said on the way); -g writes GROUP.config (upydev writes"
                        + " a file without the .config extension there); an incomplete NAME ADDRESS PASSWORD triple"
                        + " is an error instead of being dropped."})
public final class MkgCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GROUP", description = "Group name.")
    String group;

    @Option(names = "-g", description = "Write the group in UPYD_HOME instead of the working directory.")
    boolean global;

    @Option(names = "-devs", arity = "1..*", paramLabel = "NAME ADDRESS PASSWORD",
            description = "Devices as NAME ADDRESS PASSWORD[:PASSPHRASE] triples.")
    List<String> devs = new ArrayList<>();

    @Override
    public Integer call() {
        String name = GroupFiles.groupName(group);
        GroupFiles files = new GroupFiles(main.settings());
        PrintWriter out = spec.commandLine().getOut();
        GroupConfig cfg = GroupConfig.empty();
        for (var e : GroupFiles.triples(devs, "-devs")) {
            cfg = cfg.with(e);
        }
        files.write(cfg, files.forWrite(name, global));
        out.println(global || GroupFiles.isGlobal(name) ? "Group settings saved globally!"
                : "Group settings saved in working directory!");
        out.println("Upy devices group created!");
        GroupListing.header(out, name, cfg.entries().size());
        GroupListing.flat(out, cfg.entries(), "->");
        if (!GroupFiles.isGlobal(name)) {
            files.joinGlobal(cfg.entries(), spec.commandLine().getErr());
        }
        out.flush();
        return 0;
    }
}
