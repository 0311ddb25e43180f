package dev.upyd.cli;

import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.command.CatCommand;
import dev.upyd.cli.command.ConfigCommand;
import dev.upyd.cli.command.DfCommand;
import dev.upyd.cli.command.DsyncCommand;
import dev.upyd.cli.command.DuCommand;
import dev.upyd.cli.command.ExecCommand;
import dev.upyd.cli.command.GetCommand;
import dev.upyd.cli.command.GgCommand;
import dev.upyd.cli.command.IdCommand;
import dev.upyd.cli.command.InfoCommand;
import dev.upyd.cli.command.KbiCommand;
import dev.upyd.cli.command.LoadCommand;
import dev.upyd.cli.command.LockCommand;
import dev.upyd.cli.command.LsCommand;
import dev.upyd.cli.command.MemCommand;
import dev.upyd.cli.command.MkdirCommand;
import dev.upyd.cli.command.MvCommand;
import dev.upyd.cli.command.PutCommand;
import dev.upyd.cli.command.ResetCommand;
import dev.upyd.cli.command.RmCommand;
import dev.upyd.cli.command.RunCommand;
import dev.upyd.cli.command.ShellCommand;
import dev.upyd.cli.command.StatusCommand;
import dev.upyd.cli.command.TreeCommand;
import dev.upyd.cli.command.UnlockCommand;
import dev.upyd.cli.command.UptimeCommand;
import dev.upyd.cli.grammar.UpydevGrammar;
import dev.upyd.protocol.UpydVersion;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code bin/upyd}. Kept free of anything heavy: every class loaded here costs start-up
 * time on every command, and the CLI is meant to feel instant.
 */
@Command(name = "upyd",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Host-side tool for MicroPython devices over WebREPL / WebSecureREPL.")
public final class Main implements Runnable {
    static {
        // First thing, before the verb tables below load ~30 classes: nearly every command talks to the daemon,
        // and the JDK's first Unix socket (with the java.lang.invoke set-up its initialiser needs) is the longest
        // part of a short command. Started for every command: the threads cost a local-only command (--help, kg)
        // nothing it waits for, and picocli needs java.lang.invoke anyway.
        dev.upyd.cli.client.UnixSockets.prepareInBackground();
    }

    /**
     * The subcommands list (it is here rather than in {@code @Command(subcommands = ...)} so that a command
     * line builds the picocli model of the ONE verb it runs: building all of them costs about 100 ms of
     * reflection at every start). {@link #commandLine} registers all of them (help, completion, tests).
     */
    public static List<Class<?>> subcommands() {
        return Registry.ALL;
    }

    /** A holder, so that the class literals load only when the whole tree is built (help, completion, tests). */
    private static final class Registry {
        static final List<Class<?>> ALL = List.of(CommandLine.HelpCommand.class,
                ExecCommand.class, ShellCommand.class, StatusCommand.class, dev.upyd.cli.command.ScanCommand.class, ConfigCommand.class, GgCommand.class,
                PutCommand.class, GetCommand.class, DsyncCommand.class,
                LsCommand.class, CatCommand.class, RmCommand.class, MkdirCommand.class, MvCommand.class,
                TreeCommand.class, DuCommand.class, DfCommand.class, MemCommand.class, InfoCommand.class,
                IdCommand.class, UptimeCommand.class, ResetCommand.class, KbiCommand.class, RunCommand.class,
                LoadCommand.class, UnlockCommand.class, LockCommand.class,
                dev.upyd.cli.kg.KgCommand.class,
                dev.upyd.cli.devicecmd.UpdateUpyutilsCommand.class, dev.upyd.cli.devicecmd.SetWssCommand.class,
                dev.upyd.cli.devicecmd.DeviceGroupCommand.class,
                dev.upyd.cli.group.SeeCommand.class, dev.upyd.cli.group.MkgCommand.class, dev.upyd.cli.group.MggCommand.class,
                dev.upyd.cli.group.MksgCommand.class, dev.upyd.cli.group.CheckCommand.class, dev.upyd.cli.group.SetCommand.class,
                dev.upyd.cli.group.RegisterCommand.class, dev.upyd.cli.group.LsdevsCommand.class,
                dev.upyd.cli.command.ProbeCommand.class, dev.upyd.cli.command.PingCommand.class,
                dev.upyd.cli.command.ReplCommand.class,
                dev.upyd.cli.command.TimeitCommand.class, dev.upyd.cli.command.SysctlCommand.class,
                dev.upyd.cli.command.LogCommand.class,
                dev.upyd.cli.firmware.MpyxCommand.class, dev.upyd.cli.firmware.FwCommand.class, dev.upyd.cli.devicecmd.OtaCommand.class,
                dev.upyd.cli.mip.InstallCommand.class, dev.upyd.cli.devtest.PytestCommand.class,
                dev.upyd.cli.play.PlayCommand.class);
    }

    /**
     * Documented exit codes (README "Exit codes"). A group fan-out exits with the failing devices' code
     * when they all failed alike, else {@link #SOME_FAILED}.
     */
    public static final class ExitCodes {
        /** Everything worked. */
        public static final int OK = 0;
        /** The device raised an exception (traceback printed), or a device-side operation failed. */
        public static final int DEVICE_EXCEPTION = 1;
        /** Bad command line, unknown device or group name. */
        public static final int USAGE = 2;
        /** The daemon has the device but cannot reach it now (offline, backoff, session dropped). */
        public static final int UNREACHABLE = 3;
        /** Authentication: wrong password/passphrase, certificate refused, host key locked. */
        public static final int AUTH = 4;
        /** The daemon is not running or went away. */
        public static final int NO_DAEMON = 5;
        /** A local file could not be read or written. */
        public static final int LOCAL_IO = 6;
        /** A transfer arrived but its SHA-256 does not match (nothing was kept under the real name). */
        public static final int INTEGRITY = 7;
        /** Fan-out: devices failed in different ways. */
        public static final int SOME_FAILED = 8;
        /** A bug or an unexpected answer. */
        public static final int INTERNAL = 70;
        /** Interrupted with Ctrl-C. */
        public static final int INTERRUPTED = 130;

        private ExitCodes() {
        }
    }

    /** The shell-repl's device and held connection: device commands typed in the shell use them. */
    public record ShellContext(String device, DaemonClient client, boolean terminal) {
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private CliSettings settings;
    private final Boolean terminal;
    private ShellContext shellContext;

    /** Used by picocli's AutoComplete (completion scripts) and the launcher. */
    public Main() {
        this(null, null);
    }

    public Main(CliSettings settings, Boolean terminal) {
        this.settings = settings;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            System.out.println(new Version().getVersion()[0]); // same text as picocli's, without its model
            System.exit(ExitCodes.OK);
        }
        args = storedPlay(args, null);
        String[] fast = dev.upyd.cli.command.FastExec.match(args, commandNames());
        if (fast != null) {
            Integer code = dev.upyd.cli.command.FastExec.run(fast[0], fast[1], CliSettings.fromEnvironment(),
                    new PrintWriter(System.out, true), new PrintWriter(System.err, true));
            if (code != null) {
                dev.upyd.cli.command.FastExec.exit(code);
            }
        }
        System.exit(applyGrammarAndRun(leanCommandLine(args), args)); // stored plays already looked up above
    }

    /**
     * The command line for {@code args}: only the verb it names is modelled when there is exactly one such
     * verb; anything else (top-level help, a Python line, a typo) gets the full tree.
     */
    static CommandLine leanCommandLine(String[] args) {
        Set<String> names = commandNames();
        String[] argv;
        try {
            argv = new UpydevGrammar(names).rewrite(args);
        } catch (UpydevGrammar.GrammarException e) {
            return commandLine(null, null);
        }
        if (argv.length == 1 && (argv[0].equals("--version") || argv[0].equals("-V"))) {
            return configure(new CommandLine(new Main(null, null)));
        }
        String verb = argv.length > 0 && !argv[0].startsWith("-") ? argv[0] : null;
        Class<?> only = verb == null || "picocli.CommandLine$HelpCommand".equals(VERBS.get(verb)) ? null
                : commandClass(verb);
        if (only == null) {
            return commandLine(null, null);
        }
        CommandLine cl = new CommandLine(new Main(null, null));
        cl.addSubcommand(new CommandLine(only));
        return configure(cl); // after adding: picocli applies settings to the subcommands present
    }

    /**
     * Verb (and alias) to class NAME, as plain data: reading the {@code @Command} annotations costs ~40 ms at
     * start (annotation parsing, proxies), and class literals would load all ~60 command classes before the
     * one verb is known (measured: ~3 ms of a 50 ms command). {@code MainTest} checks it against the annotations.
     */
    public static final Map<String, String> VERBS = Map.ofEntries(
            Map.entry("help", "picocli.CommandLine$HelpCommand"),
            Map.entry("exec", "dev.upyd.cli.command.ExecCommand"),
            Map.entry("shell", "dev.upyd.cli.command.ShellCommand"),
            Map.entry("shl", "dev.upyd.cli.command.ShellCommand"),
            Map.entry("status", "dev.upyd.cli.command.StatusCommand"),
            Map.entry("scan", "dev.upyd.cli.command.ScanCommand"),
            Map.entry("config", "dev.upyd.cli.command.ConfigCommand"),
            Map.entry("gg", "dev.upyd.cli.command.GgCommand"),
            Map.entry("put", "dev.upyd.cli.command.PutCommand"),
            Map.entry("get", "dev.upyd.cli.command.GetCommand"),
            Map.entry("dsync", "dev.upyd.cli.command.DsyncCommand"),
            Map.entry("ls", "dev.upyd.cli.command.LsCommand"),
            Map.entry("cat", "dev.upyd.cli.command.CatCommand"),
            Map.entry("rm", "dev.upyd.cli.command.RmCommand"),
            Map.entry("mkdir", "dev.upyd.cli.command.MkdirCommand"),
            Map.entry("mv", "dev.upyd.cli.command.MvCommand"),
            Map.entry("tree", "dev.upyd.cli.command.TreeCommand"),
            Map.entry("du", "dev.upyd.cli.command.DuCommand"),
            Map.entry("df", "dev.upyd.cli.command.DfCommand"),
            Map.entry("mem", "dev.upyd.cli.command.MemCommand"),
            Map.entry("info", "dev.upyd.cli.command.InfoCommand"),
            Map.entry("id", "dev.upyd.cli.command.IdCommand"),
            Map.entry("uptime", "dev.upyd.cli.command.UptimeCommand"),
            Map.entry("reset", "dev.upyd.cli.command.ResetCommand"),
            Map.entry("kbi", "dev.upyd.cli.command.KbiCommand"),
            Map.entry("run", "dev.upyd.cli.command.RunCommand"),
            Map.entry("load", "dev.upyd.cli.command.LoadCommand"),
            Map.entry("unlock", "dev.upyd.cli.command.UnlockCommand"),
            Map.entry("lock", "dev.upyd.cli.command.LockCommand"),
            Map.entry("kg", "dev.upyd.cli.kg.KgCommand"),
            Map.entry("update_upyutils", "dev.upyd.cli.devicecmd.UpdateUpyutilsCommand"),
            Map.entry("set_wss", "dev.upyd.cli.devicecmd.SetWssCommand"),
            Map.entry("device", "dev.upyd.cli.devicecmd.DeviceGroupCommand"),
            Map.entry("see", "dev.upyd.cli.group.SeeCommand"),
            Map.entry("mkg", "dev.upyd.cli.group.MkgCommand"),
            Map.entry("mgg", "dev.upyd.cli.group.MggCommand"),
            Map.entry("mksg", "dev.upyd.cli.group.MksgCommand"),
            Map.entry("check", "dev.upyd.cli.group.CheckCommand"),
            Map.entry("set", "dev.upyd.cli.group.SetCommand"),
            Map.entry("register", "dev.upyd.cli.group.RegisterCommand"),
            Map.entry("lsdevs", "dev.upyd.cli.group.LsdevsCommand"),
            Map.entry("probe", "dev.upyd.cli.command.ProbeCommand"),
            Map.entry("ping", "dev.upyd.cli.command.PingCommand"),
            Map.entry("repl", "dev.upyd.cli.command.ReplCommand"),
            Map.entry("rpl", "dev.upyd.cli.command.ReplCommand"),
            Map.entry("timeit", "dev.upyd.cli.command.TimeitCommand"),
            Map.entry("sysctl", "dev.upyd.cli.command.SysctlCommand"),
            Map.entry("log", "dev.upyd.cli.command.LogCommand"),
            Map.entry("mpyx", "dev.upyd.cli.firmware.MpyxCommand"),
            Map.entry("fw", "dev.upyd.cli.firmware.FwCommand"),
            Map.entry("fwr", "dev.upyd.cli.firmware.FwCommand"),
            Map.entry("ota", "dev.upyd.cli.devicecmd.OtaCommand"),
            Map.entry("install", "dev.upyd.cli.mip.InstallCommand"),
            Map.entry("pytest", "dev.upyd.cli.devtest.PytestCommand"),
            Map.entry("play", "dev.upyd.cli.play.PlayCommand"));

    /** Every verb and alias. */
    public static Set<String> commandNames() {
        return VERBS.keySet();
    }

    private static Class<?> commandClass(String verb) {
        String name = VERBS.get(verb);
        if (name == null) {
            return null;
        }
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("verb table names a missing class: " + name, e); // MainTest guards
        }
    }

    public static CommandLine commandLine() {
        return commandLine(null, null);
    }

    /**
     * @param settings null = from the environment, read when a command first needs it
     * @param terminal null = detect ({@code System.console()}); tests pass false
     */
    public static CommandLine commandLine(CliSettings settings, Boolean terminal) {
        CommandLine cl = new CommandLine(new Main(settings, terminal));
        for (Class<?> c : subcommands()) {
            cl.addSubcommand(new CommandLine(c));
        }
        return configure(cl);
    }

    private static CommandLine configure(CommandLine cl) {
        cl.setExpandAtFiles(false); // `-@ NAME` must never be read as an @file
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CliException ce) {
                commandLine.getErr().println("upyd: " + ce.getMessage());
                commandLine.getErr().flush();
                return ce.exitCode();
            }
            throw ex;
        });
        return cl;
    }

    /** Applies upydev's grammar, then runs. */
    public static int execute(CommandLine cl, String... args) {
        return applyGrammarAndRun(cl, storedPlay(args, ((Main) cl.getCommand()).settings()));
    }

    private static int applyGrammarAndRun(CommandLine cl, String... args) {
        String[] argv;
        try {
            argv = new UpydevGrammar(commandNames()).rewrite(args);
        } catch (UpydevGrammar.GrammarException e) {
            cl.getErr().println("upyd: " + e.getMessage());
            cl.getErr().flush();
            return ExitCodes.USAGE;
        }
        return cl.execute(argv);
    }

    /**
     * upydev: {@code upydev battery} plays ~/.upydev_playbooks/battery.yaml when there is one (a word that is no
     * verb would otherwise run as Python). Only a bare identifier costs the one file lookup.
     */
    static String[] storedPlay(String[] args, CliSettings settings) {
        if (args.length == 0 || commandNames().contains(args[0]) || !args[0].matches("[A-Za-z_][A-Za-z0-9_-]*")) {
            return args;
        }
        CliSettings s = settings != null ? settings : CliSettings.fromEnvironment();
        if (!dev.upyd.cli.play.PlaybookStore.has(s.userHome(), args[0])) {
            return args;
        }
        String[] out = new String[args.length + 1];
        out[0] = "play";
        System.arraycopy(args, 0, out, 1, args.length);
        return out;
    }

    public CliSettings settings() {
        if (settings == null) {
            settings = CliSettings.fromEnvironment();
        }
        return settings;
    }

    /** The shell's {@code lcd} changes the local directory later commands work in. */
    public void settings(CliSettings s) {
        this.settings = s;
    }

    public boolean terminal() {
        return terminal != null ? terminal : System.console() != null;
    }

    public ShellContext shellContext() {
        return shellContext;
    }

    public void shellContext(ShellContext ctx) {
        this.shellContext = ctx;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"upyd " + version()};
        }
    }

    /**
     * The release: from this jar's manifest (already open), else (classes directory, tests) from
     * UpydVersion, whose classpath resource lookup opens every jar in front of the protocol jar.
     */
    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : UpydVersion.value();
    }

}
