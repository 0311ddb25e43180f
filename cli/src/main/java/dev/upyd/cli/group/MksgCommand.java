package dev.upyd.cli.group;

import dev.upyd.cli.CliException;
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

@Command(name = "mksg", mixinStandardHelpOptions = true,
        description = {"Make a sub-group SUBGROUP of GROUP (default UPY_G) with the devices named by -devs; the"
                + " entries are copied, as upydev does.",
                "upyd differs: upydev's documented -f SUBGROUP and -G GROUP work too; a name not in the parent is a"
                        + " clear error and nothing is written."})
public final class MksgCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SUBGROUP", description = "The new group's name.")
    String sub;

    @Parameters(index = "1", arity = "0..1", paramLabel = "GROUP", description = "The parent group (default: UPY_G).")
    String parent;

    @Option(names = "-f", paramLabel = "SUBGROUP", hidden = true, description = "The sub-group (upydev's docs).")
    String subOption;

    @Option(names = "-G", paramLabel = "GROUP", description = "The parent group (upydev's docs).")
    String parentOption;

    @Option(names = "-devs", arity = "1..*", required = true, paramLabel = "NAME", description = "Devices to copy.")
    List<String> devs = new ArrayList<>();

    @Option(names = "-gg", description = "The parent is UPY_G and the sub-group goes to UPYD_HOME.")
    boolean globalGroup;

    @Option(names = "-g", description = "Read the parent from and write the sub-group to UPYD_HOME.")
    boolean global;

    @Override
    public Integer call() {
        String subName = sub != null ? sub : subOption;
        if (subName == null) {
            throw new CliException(Main.ExitCodes.USAGE, "name the sub-group: upyd mksg SUBGROUP [GROUP] -devs NAME ...");
        }
        subName = GroupFiles.groupName(subName);
        String parentName = GroupFiles.groupName(globalGroup ? GroupConfig.GLOBAL_GROUP
                : parent != null ? parent : parentOption != null ? parentOption : GroupConfig.GLOBAL_GROUP);
        boolean g = global || globalGroup;
        GroupFiles files = new GroupFiles(main.settings());
        GroupConfig from = GroupFiles.isGlobal(parentName) ? files.global() : files.existing(parentName, g);
        GroupConfig cfg = GroupConfig.empty();
        for (String d : devs) {
            cfg = cfg.with(from.get(d).orElseThrow(() -> new CliException(Main.ExitCodes.USAGE,
                    "Device " + d + " not configured in " + parentName + " group; `upyd see " + parentName
                            + "` lists it")));
        }
        files.write(cfg, files.forWrite(subName, g));
        PrintWriter out = spec.commandLine().getOut();
        out.println(g ? "Group settings saved globally!" : "Group settings saved in working directory!");
        out.println("Upy devices group created!");
        GroupListing.header(out, subName, cfg.entries().size());
        GroupListing.flat(out, cfg.entries(), "->");
        if (!GroupFiles.isGlobal(parentName)) {
            files.joinGlobal(cfg.entries(), spec.commandLine().getErr());
        }
        out.flush();
        return 0;
    }
}
