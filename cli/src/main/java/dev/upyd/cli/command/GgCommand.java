package dev.upyd.cli.command;

import dev.upyd.cli.Main;
import dev.upyd.pki.config.GroupConfig;
import dev.upyd.pki.config.GroupEntry;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "gg", mixinStandardHelpOptions = true, description = "List the global group as upydev prints it (no daemon needed).")
public final class GgCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        print(ConfigCommand.read(GroupConfig.fileIn(main.settings().home())).entries(), spec.commandLine().getOut());
        return 0;
    }

    static void print(List<GroupEntry> entries, PrintWriter out) {
        out.println("GROUP NAME: " + GroupConfig.GLOBAL_GROUP);
        out.println("# DEVICES: " + entries.size());
        int w = entries.stream().mapToInt(e -> e.name().length()).max().orElse(0);
        for (int i = 0; i < entries.size(); i++) {
            GroupEntry e = entries.get(i);
            out.printf("%s %-" + w + "s -> WebSocketDevice @ %s%n", i == entries.size() - 1 ? "┗━" : "┣━", e.name(),
                    e.address());
        }
        out.flush();
    }
}
