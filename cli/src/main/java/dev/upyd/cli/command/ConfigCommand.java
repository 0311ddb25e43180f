package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.CliSettings;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.util.Json;
import dev.upyd.pki.UpydHome;
import dev.upyd.pki.config.ConfigException;
import dev.upyd.pki.config.GroupConfig;
import dev.upyd.pki.config.GroupEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Add, replace, remove or list devices of the global group (UPY_G.config in UPYD_HOME),",
                "as upydev: `upyd config -t esp_room1.local -p mypasswd:mypassphr -@ esp_room1 -gg`.",
                "The file is written atomically (0600); a running daemon picks the change up at once."})
public final class ConfigCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "-t", paramLabel = "ADDR", description = "Device address: host, host:port, name.local.")
    String address;

    @Option(names = "-p", paramLabel = "PASSWORD[:PASSPHRASE]", description = "WebREPL password, optionally :passphrase of the host key (means wss).")
    String secret;

    @Option(names = "-@", paramLabel = "NAME", description = "Device name.")
    String name;

    @Option(names = "-gg", description = "Save in the global group (upyd keeps every device there; accepted for upydev compatibility).")
    boolean globalGroup;

    @Option(names = "-g", description = "upydev's 'global' flag: same as -gg for upyd.")
    boolean global;

    @Option(names = "-sec", description = "Ask for the address and password instead of taking them from the command line.")
    boolean secure;

    @Option(names = "--rm", paramLabel = "NAME", description = "Remove NAME from the global group.")
    String remove;

    @Option(names = {"-l", "--list"}, description = "List the global group.")
    boolean list;

    @Option(names = "--json", description = "With -l: print JSON (passwords are never printed).")
    boolean json;

    @Override
    public Integer call() throws IOException {
        CliSettings s = main.settings();
        Path file = GroupConfig.fileIn(s.home());
        PrintWriter out = spec.commandLine().getOut();
        GroupConfig cfg = read(file);
        if (list || remove == null && address == null && name == null && !secure) {
            return list(cfg, file, out);
        }
        if (remove != null) {
            if (cfg.get(remove).isEmpty() && !cfg.names().contains(remove)) {
                throw new CliException(Main.ExitCodes.USAGE, "Device " + remove + " not configured in global group ("
                        + file + ")");
            }
            write(cfg.without(remove), file);
            out.println("WebSocketDevice " + remove + " removed from global group!");
            reload(s, out);
            return 0;
        }
        if (secure) {
            java.io.Console console = System.console();
            if (console == null) {
                throw new CliException(Main.ExitCodes.USAGE, "-sec needs a terminal to ask the address and password");
            }
            if (address == null) {
                address = console.readLine("IP of device: ");
            }
            char[] pw = console.readPassword("Password: ");
            secret = pw == null ? null : new String(pw);
        }
        if (name == null) {
            throw new CliException(Main.ExitCodes.USAGE, "config needs -@ NAME (the device name)");
        }
        if (address == null) {
            throw new CliException(Main.ExitCodes.USAGE, "config needs -t ADDR (the device address)");
        }
        if (secret == null || secret.isEmpty()) {
            throw new CliException(Main.ExitCodes.USAGE, "config needs -p PASSWORD[:PASSPHRASE] for a WebSocket device");
        }
        GroupEntry entry;
        try {
            entry = GroupEntry.of(name, address, secret);
        } catch (IllegalArgumentException e) {
            throw new CliException(Main.ExitCodes.USAGE, e.getMessage());
        }
        write(cfg.with(entry), file);
        out.println("WebSocketDevice " + name + " settings saved in global group!");
        reload(s, out);
        return 0;
    }

    private int list(GroupConfig cfg, Path file, PrintWriter out) {
        List<GroupEntry> entries = cfg.entries();
        if (json) {
            List<Object> l = new ArrayList<>();
            for (GroupEntry e : entries) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", e.name());
                m.put("address", e.address());
                m.put("tls", e.wantsTls());
                l.add(m);
            }
            out.println(Json.write(l));
            return 0;
        }
        dev.upyd.cli.group.GroupListing.see(out, GroupConfig.GLOBAL_GROUP, entries);
        return 0;
    }

    static GroupConfig read(Path file) {
        try {
            return GroupConfig.read(file);
        } catch (ConfigException e) {
            throw new CliException(Main.ExitCodes.USAGE, e.getMessage());
        }
    }

    private static void write(GroupConfig cfg, Path file) throws IOException {
        UpydHome.ensure(file.getParent());
        try {
            cfg.write(file);
        } catch (IOException e) {
            throw new CliException(Main.ExitCodes.LOCAL_IO, "cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Tells a running daemon at once (it would notice the file change on its own a moment later). */
    private static void reload(CliSettings s, PrintWriter out) {
        try (DaemonClient c = DaemonClient.connect(s)) {
            c.reloadConfig();
        } catch (CliException e) {
            // no daemon running: it reads the file when it starts
        }
    }
}
