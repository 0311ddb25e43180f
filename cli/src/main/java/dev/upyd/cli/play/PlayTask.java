package dev.upyd.cli.play;

import dev.upyd.cli.yaml.YamlMap;
import java.util.List;
import java.util.Set;

/**
 * One task of a play. upydev runs a task's directives in this fixed order whatever their order in the file:
 * reset, wait, load, load_pl, command, command_nb, command_pl; include/ignore pick the hosts.
 */
public record PlayTask(String name, String reset, int waitSeconds, String load, String loadParallel, String command,
                       String commandNonBlocking, String commandParallel, List<String> include, List<String> ignore) {

    static final Set<String> DIRECTIVES = Set.of("name", "reset", "wait", "load", "load_pl", "command", "command_nb",
            "command_pl", "include", "ignore");
    static final int MAX_WAIT_S = 24 * 3600;

    static PlayTask of(Object node, String where) {
        YamlMap m = YamlMap.of(node, where, DIRECTIVES);
        String name = m.requiredText("name");
        String w = where + " (" + name + ")";
        YamlMap named = m.at(w);
        return new PlayTask(name, named.has("reset") ? String.valueOf(named.raw("reset")) : null,
                named.count("wait", 0, MAX_WAIT_S), named.text("load"), named.text("load_pl"), named.text("command"),
                named.text("command_nb"), named.text("command_pl"), named.names("include"), named.names("ignore"));
    }

    /** Whether {@code host} takes part in this task. */
    boolean runsOn(String host) {
        return (include.isEmpty() || include.contains(host)) && !ignore.contains(host);
    }
}
