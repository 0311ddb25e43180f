package dev.upyd.cli.play;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.yaml.YamlFile;
import dev.upyd.cli.yaml.YamlMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A play of an upydev task file: its name, its hosts (null when the file names none: then the command line's
 * targets), its tasks. The whole file is checked before anything runs.
 */
public record Playbook(String name, List<String> hosts, List<PlayTask> tasks) {
    private static final Set<String> DIRECTIVES = Set.of("name", "hosts", "tasks");

    /** A missing {@code load:}/{@code load_pl:} script fails the play before its first task, not halfway. */
    public void checkScripts(Path cwd, Path taskDir) {
        for (PlayTask t : tasks) {
            for (String load : new String[] {t.load(), t.loadParallel()}) {
                if (load != null) {
                    dev.upyd.cli.command.LocalScript.of(load, cwd, taskDir);
                }
            }
        }
    }

    /** Every play of the file (upydev plays the first one only; see PlayCommand's help). */
    public static List<Playbook> read(Path file) {
        String f = file.getFileName().toString();
        Object doc = YamlFile.read(file);
        if (doc == null) {
            throw new CliException(Main.ExitCodes.USAGE, f + ": no play in the file");
        }
        List<?> plays = YamlMap.list(doc, f);
        if (plays.isEmpty()) {
            throw new CliException(Main.ExitCodes.USAGE, f + ": no play in the file");
        }
        List<Playbook> out = new ArrayList<>();
        for (int i = 0; i < plays.size(); i++) {
            String where = f + ": play " + (i + 1);
            YamlMap m = YamlMap.of(plays.get(i), where, DIRECTIVES);
            String name = m.requiredText("name");
            where = f + ": play " + (i + 1) + " (" + name + ")";
            m = m.at(where);
            List<String> hosts = m.has("hosts") ? m.names("hosts") : null;
            if (hosts != null && hosts.isEmpty()) {
                throw new CliException(Main.ExitCodes.USAGE, where + ": 'hosts' names no device");
            }
            if (!m.has("tasks")) {
                throw new CliException(Main.ExitCodes.USAGE, where + ": 'tasks' is missing");
            }
            List<?> raw = YamlMap.list(m.raw("tasks"), where + ": tasks");
            List<PlayTask> tasks = new ArrayList<>();
            for (int t = 0; t < raw.size(); t++) {
                tasks.add(PlayTask.of(raw.get(t), where + ": task " + (t + 1)));
            }
            out.add(new Playbook(name, hosts, tasks));
        }
        return out;
    }
}
