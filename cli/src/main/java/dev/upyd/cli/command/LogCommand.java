package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.protocol.api.Output;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "log", mixinStandardHelpOptions = true,
        description = {"Run a script on the device and log what it prints, in upydev's format (`2026-12-06"
                + " 10:00:00,123 [DEV_SCRIPT] [PID] [MainThread] [INFO]  line`): stdout lines at INFO, the traceback"
                + " at ERROR, to the terminal (-dslev, default debug) and to ~/.upydev_logs/SCRIPT_error.log (-dflev,"
                + " default error).",
                "-daemon prints the nohup command that runs the log in the background (as upydev does), -F follows"
                        + " its ~/.upydev_logs/SCRIPT_daemon.log, -stopd stops it (the daemon interrupts the script"
                        + " when the log's connection goes away)."})
public final class LogCommand extends DeviceCommand {
    enum Level { debug, info, warning, error, critical }

    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    @Parameters(index = "0", paramLabel = "SCRIPT", description = "The script on the device, e.g. blink.py.")
    String scriptName;

    @Option(names = "-s", paramLabel = "DIR", description = "The script's directory on the device (e.g. sd).")
    String dir;

    @Option(names = "-dflev", defaultValue = "error", paramLabel = "LEVEL",
            description = "File level: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Level fileLevel;

    @Option(names = "-dslev", defaultValue = "debug", paramLabel = "LEVEL",
            description = "Terminal level (default ${DEFAULT-VALUE}).")
    Level screenLevel;

    @Option(names = "-daemon", description = "Print the command that runs this log in the background.")
    boolean daemon;

    @Option(names = "-stopd", description = "Stop a background log of SCRIPT.")
    boolean stopDaemon;

    @Option(names = "-F", description = "Follow the background log's file (Ctrl-C to stop following).")
    boolean follow;

    @Override
    public Integer call() throws Exception {
        DeviceScript script = DeviceScript.of(scriptName, dir);
        PrintWriter out = spec.commandLine().getOut();
        if (daemon) {
            List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
            args.remove("-daemon");
            out.println("nohup upyd " + String.join(" ", args) + " > " + logFile(script, "daemon") + " &");
            out.flush();
            return 0;
        }
        if (follow) {
            return follow(logFile(script, "daemon"), out);
        }
        if (stopDaemon) {
            stop(script, out);
        }
        return super.call();
    }

    private Path logDir() {
        return main.settings().userHome().resolve(".upydev_logs");
    }

    private Path logFile(DeviceScript script, String kind) {
        return logDir().resolve(script.module() + "_" + kind + ".log");
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        DeviceScript script = DeviceScript.of(scriptName, dir);
        if (stopDaemon) {
            run.out().println("Stopping script...");
            run.client().eval(run.device(), script.unload());
            run.out().println("Done!");
            run.out().flush();
            return 0;
        }
        Files.createDirectories(logDir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = logFile(script, "error");
        try (Sink sink = new Sink(run.device() + "_" + script.module(), run.out(), file)) {
            sink.log(Level.info, "Running " + scriptName + "...");
            DaemonClient.Outcome o;
            try (Interrupts i = Interrupts.cancelling(run.client())) {
                o = run.client().exec(run.device(), script.pathSetup() + script.importLine(), sink);
            }
            sink.flushPartial();
            run.client().eval(run.device(), script.unload());
            if (o.daemonError() || o.exitCode() != 0 && o.exitCode() != Main.ExitCodes.DEVICE_EXCEPTION) {
                sink.log(Level.error, o.message());
                return o.exitCode() == 0 ? Main.ExitCodes.INTERNAL : o.exitCode();
            }
            sink.log(Level.info, "Done!");
            return o.exitCode();
        }
    }

    /** Device output, split into lines, each logged: stdout at INFO, stderr (tracebacks) at ERROR. */
    private final class Sink implements DaemonClient.OutputListener, AutoCloseable {
        private final String logger;
        private final PrintWriter screen;
        private final java.io.Writer fileOut;
        private final ByteArrayOutputStream[] partial = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        private final long pid = ProcessHandle.current().pid();

        Sink(String logger, PrintWriter screen, Path file) throws IOException {
            this.logger = logger;
            this.screen = screen;
            this.fileOut = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }

        @Override
        public void output(int stream, byte[] data) throws IOException {
            ByteArrayOutputStream p = partial[stream == Output.STDERR ? 1 : 0];
            for (byte b : data) {
                if (b == '\n') {
                    line(stream, p);
                } else if (b != '\r') {
                    p.write(b);
                }
            }
        }

        void flushPartial() throws IOException {
            for (int s = 0; s < 2; s++) {
                if (partial[s].size() > 0) {
                    line(s == 1 ? Output.STDERR : Output.STDOUT, partial[s]);
                }
            }
        }

        private void line(int stream, ByteArrayOutputStream p) throws IOException {
            String text = p.toString(StandardCharsets.UTF_8);
            p.reset();
            log(stream == Output.STDERR ? Level.error : Level.info, text);
        }

        void log(Level level, String message) throws IOException {
            String line = LocalDateTime.now().format(ASCTIME) + " [" + logger + "] [" + pid + "] [MainThread] ["
                    + level.name().toUpperCase(Locale.ROOT) + "]  " + message;
            if (level.ordinal() >= screenLevel.ordinal()) {
                screen.println(line);
                screen.flush();
            }
            if (level.ordinal() >= fileLevel.ordinal()) {
                fileOut.write(line + "\n");
                fileOut.flush();
            }
        }

        @Override
        public void close() throws IOException {
            fileOut.close();
        }
    }

    /**
     * A process's arguments. The JDK gives none for a command line longer than 4096 bytes (a java with a class path
     * usually is), so on Linux /proc is read directly.
     */
    private static String[] arguments(ProcessHandle p) {
        Path cmdline = Path.of("/proc", Long.toString(p.pid()), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                String all = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
                return all.isEmpty() ? new String[0] : all.split("\0");
            }
        } catch (IOException e) {
            return new String[0]; // gone, or not ours
        }
        return p.info().arguments().orElse(new String[0]);
    }

    /** `tail -F` of the background log: what is there, then what is appended, until Ctrl-C. */
    private static int follow(Path file, PrintWriter out) throws IOException, InterruptedException {
        if (!Files.exists(file)) {
            throw new CliException(Main.ExitCodes.LOCAL_IO, "no background log at " + file + " (start one with the"
                    + " command `upyd log SCRIPT -daemon` prints)");
        }
        long pos = 0;
        while (true) {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                if (f.length() < pos) {
                    pos = 0; // truncated or replaced: start over, as tail -F does
                }
                f.seek(pos);
                byte[] buf = new byte[8192];
                for (int n; (n = f.read(buf)) > 0; ) {
                    out.print(new String(buf, 0, n, StandardCharsets.UTF_8));
                    pos += n;
                }
                out.flush();
            }
            Thread.sleep(250);
        }
    }

    /** Ends `upyd log SCRIPT` processes of this user (not this one); the daemon then interrupts the script. */
    private void stop(DeviceScript script, PrintWriter out) {
        out.println("Stopping daemon log...");
        long me = ProcessHandle.current().pid();
        List<ProcessHandle> found = ProcessHandle.allProcesses().filter(p -> p.pid() != me)
                .filter(p -> isLogOf(p, script)).toList();
        if (found.isEmpty()) {
            out.println("NO DAEMON PROCESS FOUND");
        }
        for (ProcessHandle p : found) {
            p.destroy();
            out.println("Daemon process upyd log with PID: " + p.pid() + " stopped");
        }
        out.flush();
        for (ProcessHandle p : found) {
            try {
                p.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    private static boolean isLogOf(ProcessHandle p, DeviceScript script) {
        String[] args = arguments(p);
        int main = -1;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("dev.upyd.cli.Main")) {
                main = i;
            }
        }
        if (main < 0 || main + 2 >= args.length || !args[main + 1].equals("log")) {
            return false;
        }
        List<String> rest = List.of(args).subList(main + 2, args.length);
        return rest.contains(script.file()) && !rest.contains("-stopd") && !rest.contains("-F");
    }
}
