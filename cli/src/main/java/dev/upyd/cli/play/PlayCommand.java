package dev.upyd.cli.play;

import dev.upyd.cli.CliException;
import dev.upyd.cli.CliSettings;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.target.TargetOptions;
import dev.upyd.cli.target.TargetResolver;
import dev.upyd.protocol.api.DeviceInfo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "play", mixinStandardHelpOptions = true,
        description = {"Play upydev task files (ansible-like YAML playbooks) on devices of the global group: a play"
                + " has a name, hosts (default: the -@ device(s), -devs, -gg ...) and tasks with name, command"
                + " (a shell-repl command such as `ls`, `mem`, `info && id`, else MicroPython; `%%CMD` runs CMD in"
                + " the local shell), command_nb, command_pl, load, load_pl, reset, wait, include and ignore.",
                "`play add FILE.yaml|FILE.py...`, `play rm NAME...` and `play list` keep task files and their"
                        + " scripts in ~/.upydev_playbooks; `play NAME` (or, as in upydev, `upyd NAME`) plays NAME.yaml from there.",
                "upyd differs: every play of a file runs (upydev plays the first one); a misspelt directive or a"
                        + " missing load script is an error before anything runs; reset honours include/ignore;"
                        + " a PLAY RECAP ends the output and the exit code is 1 when a task failed, 3 when a host"
                        + " was unreachable; *_pl output is prefixed with the host's name."})
public final class PlayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    TargetOptions targets = new TargetOptions();

    @Parameters(arity = "1..*", paramLabel = "TASKFILE|add|rm|list", description = "Task files (.yaml) or stored task names.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        CliSettings s = main.settings();
        PrintWriter out = spec.commandLine().getOut();
        PlaybookStore store = new PlaybookStore(s.userHome());
        switch (args.get(0)) {
            case "add" -> {
                return store.add(s.cwd(), rest("add"), out);
            }
            case "rm" -> {
                return store.remove(rest("rm"), out);
            }
            case "list" -> {
                store.list(out);
                return Main.ExitCodes.OK;
            }
            default -> {
                return play(s, store, out);
            }
        }
    }

    private List<String> rest(String verb) {
        if (args.size() < 2) {
            throw new CliException(Main.ExitCodes.USAGE, "play " + verb + ": name at least one file");
        }
        return args.subList(1, args.size());
    }

    private int play(CliSettings s, PlaybookStore store, PrintWriter out) throws InterruptedException {
        // every file is read and checked before the first task runs on any device
        List<Path> files = new ArrayList<>();
        List<List<Playbook>> books = new ArrayList<>();
        int code = Main.ExitCodes.OK;
        for (String a : args) {
            Path f = store.resolve(s.cwd(), a);
            if (!Files.isRegularFile(f)) {
                out.println("play: No such task file: " + f);
                code = Main.ExitCodes.LOCAL_IO;
                continue;
            }
            files.add(f);
            List<Playbook> plays = Playbook.read(f);
            for (Playbook pb : plays) {
                pb.checkScripts(s.cwd(), f.toAbsolutePath().getParent());
            }
            books.add(plays);
        }
        if (files.isEmpty()) {
            return code;
        }
        try (DaemonClient client = DaemonClient.connect(s)) {
            List<String> defaults = null;
            for (int i = 0; i < files.size(); i++) {
                Path dir = files.get(i).toAbsolutePath().getParent();
                for (Playbook pb : books.get(i)) {
                    if (pb.hosts() == null && defaults == null) {
                        defaults = new TargetResolver(s, () -> client.listDevices().stream().map(DeviceInfo::name).toList())
                                .select(targets, null).devices();
                    }
                    int c = new PlayRunner(s, out, spec.commandLine().getErr(), main.terminal())
                            .play(pb, pb.hosts() != null ? pb.hosts() : defaults, dir, client);
                    code = worst(code, c);
                }
            }
        }
        return code;
    }

    private static int worst(int a, int b) {
        return a == Main.ExitCodes.OK ? b : b == Main.ExitCodes.OK || a == b ? a : Main.ExitCodes.SOME_FAILED;
    }
}
