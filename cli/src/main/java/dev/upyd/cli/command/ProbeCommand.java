package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.group.GroupFiles;
import dev.upyd.cli.group.GroupListing;
import dev.upyd.pki.config.CurrentDevice;
import dev.upyd.pki.config.GroupConfig;
import dev.upyd.pki.config.GroupEntry;
import dev.upyd.protocol.api.DeviceInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Is the device (or every device of a group) reachable? upydev's OK [✔] / F [✘] lines.",
                "A device the daemon holds a session to is reachable without a probe (a board takes one client: a"
                        + " probe would knock); any other is resolved by the daemon (.local by mDNS) and its WebREPL"
                        + " port tried with TCP.",
                "upyd differs: upydev uses the system ping (ICMP), which says nothing about the WebREPL port;"
                        + " exit code 3 when some device is unreachable (upydev: always 0); -G looks in the working"
                        + " directory, then UPYD_HOME; with no target: the current device, else the global group."})
public final class ProbeCommand implements Callable<Integer> {
    private static final String OK = "OK";
    private static final String FAIL = "F";

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "-@", arity = "1..*", paramLabel = "NAME", description = "Devices of the global group.")
    List<String> names = new ArrayList<>();

    @Option(names = {"-G", "-GP"}, paramLabel = "GROUP", description = "Every device of GROUP.")
    String group;

    @Option(names = {"-gg", "-ggp"}, description = "Every device of the global group.")
    boolean globalGroup;

    @Option(names = "-devs", arity = "1..*", paramLabel = "NAME", description = "Only these devices of the group.")
    List<String> only = new ArrayList<>();

    @Option(names = "-g", description = "Look the group up in UPYD_HOME only.")
    boolean global;

    @Option(names = "--timeout-ms", defaultValue = "1500", description = "TCP connect timeout (default ${DEFAULT-VALUE}).")
    int timeoutMs;

    @Override
    public Integer call() {
        GroupFiles files = new GroupFiles(main.settings());
        GroupConfig uPyG = files.global();
        String groupName = globalGroup ? GroupConfig.GLOBAL_GROUP : group == null ? null : GroupFiles.groupName(group);
        List<GroupEntry> targets = new ArrayList<>();
        if (groupName != null) {
            GroupConfig cfg = GroupFiles.isGlobal(groupName) ? uPyG : files.existing(groupName, global);
            for (GroupEntry e : cfg.entries()) {
                if (only.isEmpty() || only.contains(e.name())) {
                    targets.add(e);
                }
            }
            for (String n : only) {
                if (cfg.get(n).isEmpty()) {
                    throw new CliException(Main.ExitCodes.USAGE, "Device " + n + " not configured in " + groupName + " group");
                }
            }
        } else if (!only.isEmpty()) {
            throw new CliException(Main.ExitCodes.USAGE, "-devs picks devices of a group: use it with -G GROUP or -gg");
        }
        for (String n : names) {
            targets.add(uPyG.get(n).orElseThrow(() -> new CliException(Main.ExitCodes.USAGE,
                    "Device " + n + " not configured in global group; do '$ upyd gg' to see devices global group")));
        }
        boolean single = groupName == null && names.size() == 1;
        if (groupName == null && names.isEmpty()) {
            Optional<CurrentDevice> cur = files.currentDevice(false);
            if (cur.isPresent() && uPyG.get(cur.get().name()).isPresent()) {
                targets.add(uPyG.get(cur.get().name()).get());
                single = true;
            } else {
                groupName = GroupConfig.GLOBAL_GROUP;
                targets.addAll(uPyG.entries());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean colour = main.settings().colorMode().equals("always")
                || main.settings().colorMode().equals("auto") && main.terminal();
        Map<String, DeviceInfo> held = new LinkedHashMap<>();
        int down = 0;
        try (DaemonClient c = DaemonClient.connect(main.settings())) {
            c.listDevices().forEach(d -> held.put(d.name(), d));
            if (single) {
                GroupEntry e = targets.get(0);
                out.println("Reaching " + e.name() + "...");
                out.flush();
                boolean up = reachable(c, e, held.get(e.name()));
                down += up ? 0 : 1;
                out.printf("%-10s -> %s @ %s -> %s%n", e.name(), GroupListing.DEVICE_TYPE, e.address(), mark(up, colour));
            } else {
                out.println(only.isEmpty() ? "Reaching " + (groupName != null ? groupName + " group" : String.join(", ", names)) + "..."
                        : "Reaching : " + String.join(", ", only) + " ...");
                out.println("# " + (groupName != null ? groupName : "devices") + ":");
                for (int i = 0; i < targets.size(); i++) {
                    GroupEntry e = targets.get(i);
                    boolean up = reachable(c, e, held.get(e.name()));
                    down += up ? 0 : 1;
                    out.printf("%s %-10s -> %s @ %s -> %s%n", i == targets.size() - 1 ? "┗━" : "┣━", e.name(),
                            GroupListing.DEVICE_TYPE, e.address(), mark(up, colour));
                    out.flush();
                }
            }
        }
        out.flush();
        return down == 0 ? Main.ExitCodes.OK : Main.ExitCodes.UNREACHABLE;
    }

    private boolean reachable(DaemonClient c, GroupEntry e, DeviceInfo session) {
        // the daemon's entry for this name is this group's device when the address is the same (the daemon adds
        // the default port: compare hosts and ports, not the texts)
        if (session != null && session.state().equals("online")
                && session.address().equals(e.deviceAddress().host() + ":" + e.port())) {
            return true;
        }
        DaemonClient.Outcome r = c.resolve(e.deviceAddress().host());
        if (!r.ok()) {
            return false;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(r.message(), e.port()), timeoutMs);
            return true;
        } catch (IOException ex) {
            return false;
        }
    }

    /** upydev's glyphs: a green OK and [✔], or a bold red F and [✘]. */
    private static String mark(boolean up, boolean colour) {
        if (!colour) {
            return up ? OK + " [\u2714]" : FAIL + " [\u2718]";
        }
        return up ? "\u001b[92m" + OK + "\u001b[0m [\u001b[92m\u2714\u001b[0m]"
                : "\u001b[31;1m" + FAIL + "\u001b[0m [\u001b[31;1m\u2718\u001b[0m]";
    }
}
