package dev.upyd.cli.target;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** upydev's target options, shared by every device command. */
public final class TargetOptions {
    @Option(names = "-@", arity = "1..*", paramLabel = "NAME",
            description = "Target device(s) of the global group; wildcards (esp*), `gg` (all) or a GROUP name.")
    public List<String> names = new ArrayList<>();

    @Option(names = "-gg", description = "Every device of the global group (UPY_G), in parallel.")
    public boolean globalGroup;

    @Option(names = "-G", paramLabel = "GROUP",
            description = "Every device of GROUP.config (cwd, else UPYD_HOME), one at a time with upydev's headers.")
    public String group;

    @Option(names = "-GP", paramLabel = "GROUP", description = "Every device of GROUP.config, in parallel.")
    public String parallelGroup;

    @Option(names = "-ggp", description = "Every device of the global group, in parallel (as -gg).")
    public boolean globalGroupParallel;

    @Option(names = "-devs", arity = "1..*", paramLabel = "NAME",
            description = "With -G/-GP/-gg: only these devices of the group.")
    public List<String> only = new ArrayList<>();

    @Option(names = "-g", hidden = true,
            description = "upydev's 'global' flag: look groups up in UPYD_HOME only, not in the working directory.")
    public boolean globalFiles;

    public boolean given() {
        return !names.isEmpty() || globalGroup || group != null || parallelGroup != null || globalGroupParallel;
    }
}
