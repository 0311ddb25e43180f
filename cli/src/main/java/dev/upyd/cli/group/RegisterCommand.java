package dev.upyd.cli.group;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.pki.config.GroupConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "register", mixinStandardHelpOptions = true,
        description = {"Register a device (or a group) as a shell function, so `room1 info` runs `upyd info -@"
                + " esp_room1`: `upyd register [ALIAS] -@ DEV`, `upyd register GROUP -@ DEV1 DEV2 ...` (or -gg).",
                "Written to -s FILE, else ~/.profile, else ~/.bashrc when only that exists, else a new ~/.profile, in"
                        + " upydev's #UPYDEV block format.",
                "upyd differs: registering a name again replaces its function instead of appending another;"
                        + " `--rm NAME` removes one (upydev has no unregister); names are checked (they become shell"
                        + " code); devices must be in the global group; no argcomplete lines are written (upyd's"
                        + " completion script covers the aliases' arguments only through `upyd`); upydev's"
                        + " ~/.brashrc typo is not repeated."})
public final class RegisterCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "ALIAS", description = "Function name(s): one per device, or the group's.")
    List<String> aliases = new ArrayList<>();

    @Option(names = "-@", arity = "1..*", paramLabel = "DEV", description = "Devices (or a group name) to register.")
    List<String> devices = new ArrayList<>();

    @Option(names = "-gg", description = "Register the devices as one group function named by the first ALIAS.")
    boolean group;

    @Option(names = "-s", paramLabel = "FILE", description = "The shell file to write (default: ~/.profile).")
    String source;

    @Option(names = "-g", description = "Read the current device from UPYD_HOME's upydev_.config.")
    boolean global;

    @Option(names = "--rm", paramLabel = "NAME", description = "Remove the registered function NAME instead.")
    String remove;

    @Override
    public Integer call() {
        ShellProfile profile = ShellProfile.locate(main.settings(), source);
        PrintWriter out = spec.commandLine().getOut();
        if (remove != null) {
            ShellProfile.checkName("name", remove);
            if (!profile.unregister(remove)) {
                throw new CliException(Main.ExitCodes.USAGE, remove + " is not registered in " + profile.file());
            }
            out.println(remove + " unregistered from " + profile.file());
            reloadHint(out, profile);
            return 0;
        }
        GroupFiles files = new GroupFiles(main.settings());
        List<String> devs = expand(files);
        aliases.forEach(a -> ShellProfile.checkName("alias", a));
        if (group || devs.size() > 1) {
            if (aliases.isEmpty()) {
                throw new CliException(Main.ExitCodes.USAGE, "a group needs a name: upyd register GROUP -@ "
                        + String.join(" ", devs));
            }
            String g = aliases.get(0);
            out.println("Registering Group: " + g + " ...");
            profile.register(g, devs, true, g);
            out.println("Group: " + g + " registered");
        } else {
            String dev = devs.get(0);
            String alias = aliases.isEmpty() ? dev : aliases.get(0);
            out.println("Registering Device: " + dev + " ...");
            profile.register(alias, List.of(dev), false, dev);
            out.println("Device: " + dev + " registered" + (alias.equals(dev) ? "" : " as " + alias));
        }
        reloadHint(out, profile);
        return 0;
    }

    /** -@ names (a group name stands for its devices), or the current device; each must be in UPY_G. */
    private List<String> expand(GroupFiles files) {
        GroupConfig g = files.global();
        List<String> out = new ArrayList<>();
        if (devices.isEmpty()) {
            out.add(files.currentDevice(global).orElseThrow(() -> new CliException(Main.ExitCodes.USAGE,
                    "register which device? -@ NAME (or make one current with `upyd set -@ NAME`)")).name());
        }
        for (String d : devices) {
            ShellProfile.checkName("device name", d);
            if (g.get(d).isEmpty() && Files.isRegularFile(files.locate(d, global))) {
                GroupFiles.read(files.locate(d, global)).entries().forEach(e -> out.add(e.name()));
            } else {
                out.add(d);
            }
        }
        for (String d : out) {
            ShellProfile.checkName("device name", d);
            if (g.get(d).isEmpty()) {
                throw new CliException(Main.ExitCodes.USAGE, "Device " + d + " not configured in global group;"
                        + " do '$ upyd gg' to see devices global group");
            }
        }
        return out;
    }

    private static void reloadHint(PrintWriter out, ShellProfile p) {
        out.println("Reload " + p.file().getFileName() + " with \"$ source " + p.file()
                + "\" or open a new terminal to apply the new command");
        out.flush();
    }
}
