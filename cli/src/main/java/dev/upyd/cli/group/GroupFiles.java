package dev.upyd.cli.group;

import dev.upyd.cli.CliException;
import dev.upyd.cli.CliSettings;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.pki.UpydHome;
import dev.upyd.pki.config.ConfigException;
import dev.upyd.pki.config.CurrentDevice;
import dev.upyd.pki.config.GroupConfig;
import dev.upyd.pki.config.GroupEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where upydev keeps its groups and how upyd finds them: {@code <GROUP>.config} in the working directory wins,
 * unless {@code -g} (global) is given, then the one in UPYD_HOME; the global group {@code UPY_G.config} and
 * upydev's current device {@code upydev_.config} follow the same rule. Writes are atomic and owner-only; after
 * changing the global group the daemon is told at once.
 */
public final class GroupFiles {
    private final CliSettings settings;

    public GroupFiles(CliSettings settings) {
        this.settings = settings;
    }

    /** The file a group is read from: the working directory's copy unless {@code global}, else UPYD_HOME's. */
    public Path locate(String group, boolean global) {
        Path local = GroupConfig.fileIn(settings.cwd(), group);
        if (!global && !isGlobal(group) && Files.isRegularFile(local)) {
            return local;
        }
        return GroupConfig.fileIn(settings.home(), group);
    }

    /** The file a new group is written to: UPYD_HOME with {@code global} (and always for UPY_G), else the cwd. */
    public Path forWrite(String group, boolean global) {
        return global || isGlobal(group) ? GroupConfig.fileIn(settings.home(), group)
                : GroupConfig.fileIn(settings.cwd(), group);
    }

    /**
     * The global group. upydev lets a UPY_G.config in the working directory shadow it; upyd does not, because the
     * daemon holds the sessions of UPYD_HOME's global group and a second list would name devices it does not have.
     */
    public Path globalFile() {
        return GroupConfig.fileIn(settings.home());
    }

    /**
     * A group name from the command line: upydev accepts {@code NAME.config} too. The name becomes a file name, so
     * path separators and leading dots are refused.
     */
    public static String groupName(String arg) {
        String n = arg.endsWith(GroupConfig.FILE_SUFFIX) ? arg.substring(0, arg.length() - GroupConfig.FILE_SUFFIX.length()) : arg;
        if (!n.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
            throw new CliException(Main.ExitCodes.USAGE, "bad group name '" + arg
                    + "': use letters, digits, '_', '-' and '.', not starting with '.' or '-'");
        }
        return n;
    }

    /** upydev's {@code -devs}/{@code -add} list: NAME ADDRESS PASSWORD triples; a short list is an error. */
    public static List<GroupEntry> triples(List<String> words, String option) {
        if (words.size() % 3 != 0) {
            throw new CliException(Main.ExitCodes.USAGE, option + " takes NAME ADDRESS PASSWORD triples; got "
                    + words.size() + " word" + (words.size() == 1 ? "" : "s") + " (the last triple is incomplete)");
        }
        List<GroupEntry> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i += 3) {
            String name = words.get(i);
            try {
                out.add(GroupEntry.of(name, words.get(i + 1), words.get(i + 2)));
            } catch (IllegalArgumentException e) {
                // the message names the address, never the password
                throw new CliException(Main.ExitCodes.USAGE, option + " " + name + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * Named groups are views of the global group: the daemon holds sessions for UPY_G's devices only, so a device a
     * named group brings in joins UPY_G. Where UPY_G already has the name with another address, UPY_G's entry stays
     * (it is the session the daemon has) and the user is told.
     */
    public void joinGlobal(List<GroupEntry> entries, PrintWriter err) {
        GroupConfig g = global();
        boolean changed = false;
        for (GroupEntry e : entries) {
            Optional<GroupEntry> have = g.get(e.name());
            if (have.isEmpty()) {
                g = g.with(e);
                changed = true;
                err.println("upyd: " + e.name() + " added to the global group " + GroupConfig.GLOBAL_GROUP
                        + " too: the daemon keeps sessions for global-group devices only");
            } else if (!have.get().address().equals(e.address())) {
                err.println("upyd: " + e.name() + " is in " + GroupConfig.GLOBAL_GROUP + " as " + have.get().address()
                        + ", which is the address the daemon uses (change it with `upyd mgg -gg -add`)");
            }
        }
        if (changed) {
            write(g, globalFile());
        }
        err.flush();
    }

    public static boolean isGlobal(String group) {
        return group.equals(GroupConfig.GLOBAL_GROUP);
    }

    public GroupConfig global() {
        return read(globalFile());
    }

    /** Reads a group file; a corrupt one is a usage error with its reason. A missing one is empty. */
    public static GroupConfig read(Path file) {
        try {
            return GroupConfig.read(file);
        } catch (ConfigException e) {
            throw new CliException(Main.ExitCodes.USAGE, e.getMessage());
        }
    }

    /** A group that must exist (see, mgg, mksg, -G): the reason names both places looked in. */
    public GroupConfig existing(String group, boolean global) {
        Path f = locate(group, global);
        if (!Files.isRegularFile(f)) {
            throw new CliException(Main.ExitCodes.USAGE, "group " + group + " not found: no " + group
                    + GroupConfig.FILE_SUFFIX + (global ? " in " + settings.home()
                    : " in " + settings.cwd() + " or " + settings.home())
                    + "; make one with `upyd mkg " + group + " -devs NAME ADDRESS PASSWORD ...`");
        }
        return read(f);
    }

    public void write(GroupConfig cfg, Path file) {
        try {
            if (file.getParent().equals(settings.home())) {
                UpydHome.ensure(file.getParent());
            }
            cfg.write(file);
        } catch (IOException e) {
            throw new CliException(Main.ExitCodes.LOCAL_IO, "cannot write " + file + ": " + e.getMessage());
        }
        if (file.equals(globalFile())) {
            tellDaemon();
        }
    }

    /** upydev's current device: {@code upydev_.config} in the cwd unless {@code global}, else in UPYD_HOME. */
    public Optional<CurrentDevice> currentDevice(boolean global) {
        for (Path dir : global ? new Path[] {settings.home()} : new Path[] {settings.cwd(), settings.home()}) {
            try {
                Optional<CurrentDevice> d = CurrentDevice.read(CurrentDevice.fileIn(dir));
                if (d.isPresent()) {
                    return d;
                }
            } catch (ConfigException e) {
                throw new CliException(Main.ExitCodes.USAGE, e.getMessage());
            }
        }
        return Optional.empty();
    }

    public Path currentDeviceFile(boolean global) {
        return CurrentDevice.fileIn(global ? settings.home() : settings.cwd());
    }

    public void writeCurrentDevice(CurrentDevice d, boolean global) {
        Path f = currentDeviceFile(global);
        try {
            if (global) {
                UpydHome.ensure(settings.home());
            }
            d.write(f);
        } catch (IOException e) {
            throw new CliException(Main.ExitCodes.LOCAL_IO, "cannot write " + f + ": " + e.getMessage());
        }
    }

    /** A running daemon picks the change up at once (it would notice on its own a moment later). */
    private void tellDaemon() {
        try (DaemonClient c = DaemonClient.connect(settings)) {
            c.reloadConfig();
        } catch (CliException e) {
            // no daemon running: it reads the file when it starts
        }
    }
}
