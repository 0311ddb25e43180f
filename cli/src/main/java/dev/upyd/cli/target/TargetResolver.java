package dev.upyd.cli.target;

import dev.upyd.cli.CliException;
import dev.upyd.cli.CliSettings;
import dev.upyd.cli.Main;
import dev.upyd.pki.config.ConfigException;
import dev.upyd.pki.config.GroupConfig;
import dev.upyd.pki.config.GroupEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns upydev's target options into device names (spec §4.3): {@code -@} names, wildcards
 * ({@code esp*}, {@code *room1}), {@code gg}, a {@code <GROUP>.config} name; {@code -gg}; {@code -G GROUP}.
 * Wildcards and {@code gg} are matched against the devices the daemon holds (the global group). With no
 * target at all: {@code UPYD_DEVICE}, else the only device of the global group.
 */
public final class TargetResolver {
    private final CliSettings settings;
    private final Supplier<List<String>> known;

    /** @param known the daemon's device names (asked lazily: plain names need no round trip) */
    public TargetResolver(CliSettings settings, Supplier<List<String>> known) {
        this.settings = settings;
        this.known = known;
    }

    public List<String> resolve(TargetOptions t, String positional) {
        Set<String> out = new LinkedHashSet<>();
        if (positional != null && !positional.isEmpty()) {
            out.add(positional);
        }
        if (t.globalGroup) {
            out.addAll(all());
        }
        if (t.group != null) {
            out.addAll(group(t.group));
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
            } else if (groupFile(n) != null && !all().contains(n)) {
                out.addAll(group(n));
            } else {
                out.add(n);
            }
        }
        if (out.isEmpty()) {
            String d = settings.defaultDevice();
            if (!d.isEmpty()) {
                return List.of(d);
            }
            List<String> all = all();
            if (all.size() == 1) {
                return all;
            }
            throw new CliException(Main.ExitCodes.USAGE, all.isEmpty()
                    ? "no device configured: add one with `upyd config -t ADDR -p PASSWORD -@ NAME -gg`"
                    : "which device? name one with -@ NAME (or -gg for all " + all.size() + ")");
        }
        if (out.isEmpty()) {
            throw new CliException(Main.ExitCodes.USAGE, "the target selection names no device");
        }
        return new ArrayList<>(out);
    }

    private List<String> all() {
        return known.get();
    }

    private Path groupFile(String group) {
        for (Path dir : List.of(settings.cwd(), settings.home())) {
            Path f = GroupConfig.fileIn(dir, group);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        return null;
    }

    private List<String> group(String group) {
        if (group.equals(GroupConfig.GLOBAL_GROUP)) {
            return all();
        }
        Path f = groupFile(group);
        if (f == null) {
            throw new CliException(Main.ExitCodes.USAGE, "group " + group + " not found: no " + group
                    + GroupConfig.FILE_SUFFIX + " in " + settings.cwd() + " or " + settings.home());
        }
        try {
            List<String> names = GroupConfig.read(f).entries().stream().map(GroupEntry::name).toList();
            if (names.isEmpty()) {
                throw new CliException(Main.ExitCodes.USAGE, f + " lists no WebSocket device");
            }
            return names;
        } catch (ConfigException e) {
            throw new CliException(Main.ExitCodes.USAGE, e.getMessage());
        }
    }

    static Pattern glob(String g) {
        return Pattern.compile(dev.upyd.cli.util.Glob.regex(g));
    }
}
