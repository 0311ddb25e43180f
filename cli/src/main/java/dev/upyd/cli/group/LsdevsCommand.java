package dev.upyd.cli.group;

import dev.upyd.cli.Main;
import dev.upyd.pki.config.GroupConfig;
import dev.upyd.pki.config.GroupEntry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "lsdevs", mixinStandardHelpOptions = true,
        description = {"List the devices and groups registered as shell functions (`upyd register`), as upydev"
                + " prints them.",
                "upyd differs: it does not append an `lsdevs` function to the file (`upyd lsdevs` is the command);"
                        + " a registered device missing from the global group is reported and the listing goes on."})
public final class LsdevsCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "-s", paramLabel = "FILE", description = "The shell file to read (default: ~/.profile).")
    String source;

    @Override
    public Integer call() {
        ShellProfile profile = ShellProfile.locate(main.settings(), source);
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.exists(profile.file())) {
            out.println("No registered devices: " + profile.file() + " does not exist (see `upyd register`)");
            out.flush();
            return 0;
        }
        GroupConfig g = new GroupFiles(main.settings()).global();
        int code = 0;
        for (ShellProfile.Entry e : profile.entries()) {
            if (!e.group()) {
                String dev = e.header();
                out.println("Device: " + dev + (e.function().equals(dev) ? "" : " registered as " + e.function()));
                code |= address(out, g, dev, "");
                out.println();
                continue;
            }
            out.println("Group: " + e.header());
            List<String> devs = e.devices();
            for (int i = 0; i < devs.size(); i++) {
                boolean last = i == devs.size() - 1;
                out.println("  " + (last ? "┗━" : "┣━") + "Device: " + devs.get(i));
                code |= address(out, g, devs.get(i), "  " + (last ? " " : "┃") + " ");
                out.println("  " + (last ? " " : "┃"));
            }
        }
        out.flush();
        return code == 0 ? 0 : Main.ExitCodes.USAGE;
    }

    private static int address(PrintWriter out, GroupConfig g, String dev, String indent) {
        Optional<GroupEntry> e = g.get(dev);
        if (e.isEmpty()) {
            out.println(indent + "Device " + dev + " not configured in global group");
            return 1;
        }
        out.println(indent + "Address: " + e.get().address() + ", Device Type: " + GroupListing.DEVICE_TYPE);
        return 0;
    }
}
