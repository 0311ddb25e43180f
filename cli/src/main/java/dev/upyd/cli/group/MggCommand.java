package dev.upyd.cli.group;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.pki.config.GroupConfig;
import dev.upyd.pki.config.GroupEntry;
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

@Command(name = "mgg", mixinStandardHelpOptions = true,
        description = {"Manage a group (default UPY_G): add NAME ADDRESS PASSWORD triples or remove names.",
                "upyd differs: -G GROUP (upydev's docs) names the group too (upydev ignores it); giving neither -add"
                        + " nor -rm, or both, is an error; devices added to a named group join UPY_G too, since the"
                        + " daemon holds sessions for the global group only."})
public final class MggCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "GROUP", description = "Group name (default: UPY_G).")
    String group;

    @Option(names = "-G", paramLabel = "GROUP", description = "The group, as upydev's docs write it.")
    String groupOption;

    @Option(names = "-gg", description = "The global group UPY_G.")
    boolean globalGroup;

    @Option(names = "-g", description = "The group in UPYD_HOME, not the working directory.")
    boolean global;

    @Option(names = "-add", arity = "1..*", paramLabel = "NAME ADDRESS PASSWORD",
            description = "Add (or replace) devices, as NAME ADDRESS PASSWORD[:PASSPHRASE] triples.")
    List<String> add = new ArrayList<>();

    @Option(names = "-rm", arity = "1..*", paramLabel = "NAME", description = "Remove these devices.")
    List<String> rm = new ArrayList<>();

    @Override
    public Integer call() {
        if (group != null && groupOption != null && !group.equals(groupOption)) {
            throw new CliException(Main.ExitCodes.USAGE, "two groups named: " + group + " and -G " + groupOption);
        }
        String name = GroupFiles.groupName(globalGroup ? GroupConfig.GLOBAL_GROUP
                : group != null ? group : groupOption != null ? groupOption : GroupConfig.GLOBAL_GROUP);
        if (add.isEmpty() == rm.isEmpty()) {
            throw new CliException(Main.ExitCodes.USAGE, "mgg needs either -add NAME ADDRESS PASSWORD ... or -rm NAME ...");
        }
        boolean g = global || globalGroup;
        GroupFiles files = new GroupFiles(main.settings());
        GroupConfig cfg = GroupFiles.isGlobal(name) ? files.global() : files.existing(name, g);
        PrintWriter out = spec.commandLine().getOut();
        List<GroupEntry> changed = new ArrayList<>();
        if (!add.isEmpty()) {
            for (GroupEntry e : GroupFiles.triples(add, "-add")) {
                cfg = cfg.with(e);
                changed.add(e);
            }
        } else {
            for (String n : rm) {
                var e = cfg.get(n);
                if (e.isEmpty()) {
                    out.println("Device " + n + " not in this group");
                } else {
                    cfg = cfg.without(n);
                    changed.add(e.get());
                }
            }
            if (changed.isEmpty()) {
                out.flush();
                return Main.ExitCodes.USAGE;
            }
        }
        files.write(cfg, files.locate(name, g));
        out.println("Upy devices group updated!");
        out.println("GROUP NAME: " + name);
        out.println((add.isEmpty() ? "# DEVICES REMOVED: " : "# DEVICES ADDED: ") + changed.size());
        GroupListing.flat(out, changed, ":");
        if (!add.isEmpty() && !GroupFiles.isGlobal(name)) {
            files.joinGlobal(changed, spec.commandLine().getErr());
        }
        out.flush();
        return 0;
    }
}
