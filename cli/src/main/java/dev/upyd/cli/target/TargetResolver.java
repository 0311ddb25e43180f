package dev.upyd.cli.target;

import dev.upyd.cli.CliException;
import dev.upyd.cli.CliSettings;
import dev.upyd.cli.Main;
import dev.upyd.cli.group.GroupFiles;
import dev.upyd.pki.config.CurrentDevice;
import dev.upyd.pki.config.GroupConfig;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns upydev's target options into device names (spec §4.3): {@code -@} names, wildcards
 * ({@code esp*}, {@code *room1}), {@code gg}, a {@code <GROUP>.config} name; {@code -gg}; {@code -G GROUP};
 * {@code -GP GROUP}; {@code -devs} to pick some of a group. Wildcards and {@code gg} are matched against the
 * devices the daemon holds (the global group). A named group lists names; each must be a device the daemon holds
 * (upyd keeps sessions to the global group only), or the selection fails saying how to add it. With no target at
 * all: {@code UPYD_DEVICE}, else upydev's current device ({@code upydev_.config}, written by {@code upyd set}),
 * else the only device of the global group.
 */
public final class TargetResolver {
    private final CliSettings settings;
    private final Supplier<List<String>> known;
    private final GroupFiles files;
    private List<String> knownCache;

    /** @param known the daemon's device names (asked lazily: plain names need no round trip) */
    public TargetResolver(CliSettings settings, Supplier<List<String>> known) {
        this.settings = settings;
        this.known = known;
        this.files = new GroupFiles(settings);
    }

    /**
     * What a command line selects: the devices, and whether they run one at a time ({@code -G}: upydev's
     * sequential group mode, with its headers; {@code group} names it) or in parallel.
     */
    public record Selection(List<String> devices, boolean sequential, String group) {
    }

    public List<String> resolve(TargetOptions t, String positional) {
        return select(t, positional).devices();
    }

    public Selection select(TargetOptions t, String positional) {
        Set<String> out = new LinkedHashSet<>();
        boolean sequential = false;
        String groupName = null;
        if (positional != null && !positional.isEmpty()) {
            out.add(positional);
        }
        if (t.globalGroup || t.globalGroupParallel) {
            out.addAll(filtered(GroupConfig.GLOBAL_GROUP, all(), t.only));
        }
        if (t.group != null) {
            out.addAll(filtered(t.group, group(t.group, t.globalFiles), t.only));
            sequential = t.parallelGroup == null && !t.globalGroup && !t.globalGroupParallel && t.names.isEmpty();
            groupName = t.group;
        }
        if (t.parallelGroup != null) {
            out.addAll(filtered(t.parallelGroup, group(t.parallelGroup, t.globalFiles), t.only));
        }
        for (String n : t.names) {
            if (n.equals("gg") || n.equals(GroupConfig.GLOBAL_GROUP)) {
                out.addAll(all());
            } else if (n.indexOf('*') >= 0 || n.indexOf('?') >= 0) {
                Pattern p = glob(n);
                List<String> hits = all().stream().filter(d -> p.matcher(d).matches()).toList();
                if (hits.isEmpty()) {
                    throw new CliException(Main.ExitCodes.USAGE, "no device of the global group matches " + n);
                }
                out.addAll(hits);
            } else if (Files.isRegularFile(files.locate(n, t.globalFiles)) && !all().contains(n)) {
                out.addAll(group(n, t.globalFiles));
            } else {
                out.add(n);
            }
        }
        if (!t.only.isEmpty() && t.group == null && t.parallelGroup == null && !t.globalGroup && !t.globalGroupParallel) {
            throw new CliException(Main.ExitCodes.USAGE, "-devs picks devices of a group: use it with -G GROUP, -GP GROUP or -gg");
        }
        if (out.isEmpty()) {
            return new Selection(List.of(defaultDevice()), false, null);
        }
        return new Selection(new ArrayList<>(out), sequential && out.size() > 0, groupName);
    }

    private String defaultDevice() {
        String d = settings.defaultDevice();
        if (!d.isEmpty()) {
            return d;
        }
        Optional<CurrentDevice> current = files.currentDevice(false);
        if (current.isPresent()) {
            String name = current.get().name();
            if (!all().contains(name)) {
                throw new CliException(Main.ExitCodes.USAGE, "the current device " + name + " (upydev_.config) is not"
                        + " in the global group, which is all the daemon holds: add it with `upyd config -t "
                        + current.get().address() + " -p PASSWORD -@ " + name + " -gg`, or pick another with `upyd set -@ NAME`");
            }
            return name;
        }
        List<String> all = all();
        if (all.size() == 1) {
            return all.get(0);
        }
        throw new CliException(Main.ExitCodes.USAGE, all.isEmpty()
                ? "no device configured: add one with `upyd config -t ADDR -p PASSWORD -@ NAME -gg`"
                : "which device? name one with -@ NAME, -gg for all " + all.size() + ", or make one the default with"
                        + " `upyd set -@ NAME`");
    }

    private List<String> filtered(String group, List<String> members, List<String> only) {
        if (only.isEmpty()) {
            return members;
        }
        for (String n : only) {
            if (!members.contains(n)) {
                throw new CliException(Main.ExitCodes.USAGE, "Device " + n + " not configured in " + group
                        + " group; `upyd see " + group + "` lists it");
            }
        }
        return only;
    }

    private List<String> all() {
        if (knownCache == null) {
            knownCache = known.get();
        }
        return knownCache;
    }

    private List<String> group(String group, boolean global) {
        if (GroupFiles.isGlobal(group)) {
            return all();
        }
        GroupConfig cfg = files.existing(group, global);
        List<String> names = cfg.entries().stream().map(e -> e.name()).toList();
        if (names.isEmpty()) {
            throw new CliException(Main.ExitCodes.USAGE, files.locate(group, global) + " lists no WebSocket device");
        }
        List<String> missing = names.stream().filter(n -> !all().contains(n)).toList();
        if (!missing.isEmpty()) {
            throw new CliException(Main.ExitCodes.USAGE, "group " + group + ": " + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " not in the global group, and the daemon holds only"
                    + " global-group devices; add " + (missing.size() == 1 ? "it" : "them") + " with `upyd mgg -gg -add "
                    + missing.get(0) + " ADDRESS PASSWORD`");
        }
        return names;
    }

    static Pattern glob(String g) {
        return Pattern.compile(dev.upyd.cli.util.Glob.regex(g));
    }
}
