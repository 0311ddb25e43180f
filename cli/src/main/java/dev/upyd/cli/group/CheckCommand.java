package dev.upyd.cli.group;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.command.DeviceRun;
import dev.upyd.cli.command.InfoCommand;
import dev.upyd.pki.config.CurrentDevice;
import dev.upyd.pki.config.GroupConfig;
import dev.upyd.pki.config.GroupEntry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Show the current device (upydev_.config, set with `upyd set`) or the named devices of the"
                + " global group: name, address and type; -i asks the device itself (through the daemon).",
                "upyd differs: with no current device it shows the only device of UPY_G; an unknown name is"
                        + " reported with exit code 2 and the other names are still checked; -i prints upyd's"
                        + " `info` block; -wss is accepted and ignored (the daemon's session decides TLS)."})
public final class CheckCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "-@", arity = "1..*", paramLabel = "NAME", description = "Devices of the global group.")
    List<String> names = new ArrayList<>();

    @Option(names = "-i", description = "Ask each device for its firmware, platform, MAC and RSSI.")
    boolean info;

    @Option(names = "-g", description = "Read upydev_.config from UPYD_HOME, not the working directory.")
    boolean global;

    @Option(names = "-wss", description = "Accepted for upydev compatibility.")
    boolean wss;

    @Override
    public Integer call() throws Exception {
        GroupFiles files = new GroupFiles(main.settings());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GroupConfig g = files.global();
        List<String[]> shown = new ArrayList<>(); // name, address
        int code = 0;
        if (names.isEmpty()) {
            shown.add(current(files, g));
        } else {
            for (String n : names) {
                Optional<GroupEntry> e = g.get(n);
                if (e.isEmpty()) {
                    err.println("Device " + n + " not configured in global group");
                    err.println("Do '$ upyd gg' to see devices global group");
                    code = Main.ExitCodes.USAGE;
                } else {
                    shown.add(new String[] {n, e.get().address()});
                }
            }
        }
        DaemonClient client = info && !shown.isEmpty() ? DaemonClient.connect(main.settings()) : null;
        try {
            for (int i = 0; i < shown.size(); i++) {
                if (i > 0) {
                    out.println();
                }
                out.println("Device: " + shown.get(i)[0]);
                if (client == null) {
                    out.println("Address: " + shown.get(i)[1] + ", Device Type: " + GroupListing.DEVICE_TYPE);
                    continue;
                }
                out.flush();
                int c = new InfoCommand().runOn(new DeviceRun(shown.get(i)[0], client, main.settings(), out, err,
                        main.terminal(), false));
                code = Math.max(code, c);
            }
        } finally {
            if (client != null) {
                client.close();
            }
        }
        out.flush();
        err.flush();
        return code;
    }

    private String[] current(GroupFiles files, GroupConfig g) {
        Optional<CurrentDevice> d = files.currentDevice(global);
        if (d.isPresent()) {
            return new String[] {d.get().name(), d.get().address()};
        }
        if (g.entries().size() == 1) {
            return new String[] {g.entries().get(0).name(), g.entries().get(0).address()};
        }
        throw new CliException(Main.ExitCodes.USAGE, "no device configured (upydev_.config file not found): make one"
                + " the current device with `upyd set -@ NAME`, or name devices with `upyd check -@ NAME ...`");
    }
}
