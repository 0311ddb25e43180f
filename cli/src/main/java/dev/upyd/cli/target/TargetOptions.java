package dev.upyd.cli.target;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** upydev's target options, shared by every device command. */
public final class TargetOptions {
    @Option(names = "-@", arity = "1..*", paramLabel = "NAME",
            description = "Target device(s) of the global group; wildcards (esp*), `gg` (all) or a GROUP name.")
    public List<String> names = new ArrayList<>();

    @Option(names = "-gg", description = "Every device of the global group (UPY_G).")
    public boolean globalGroup;

    @Option(names = "-G", paramLabel = "GROUP", description = "Every device of GROUP.config (cwd or UPYD_HOME).")
    public String group;

    public boolean given() {
        return !names.isEmpty() || globalGroup || group != null;
    }
}
