package dev.upyd.cli.shell;

import dev.upyd.cli.CliException;
import dev.upyd.cli.CliSettings;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.command.DeviceRun;
import dev.upyd.cli.device.DeviceCode;
import dev.upyd.cli.util.FilteringWriter;
import dev.upyd.protocol.api.DeviceInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingReader;
import picocli.CommandLine;

/**
 * upydev's shell-repl on the daemon's held session (spec §5). Shell mode: a jline line editor whose
 * lines run as upyd commands on this device (or locally: lcd, lls, lpwd, !cmd), with Tab completion of
 * command names and device paths and a history file per device. REPL mode (CTRL-s): the daemon's
 * Attach raw byte stream, so the device's own REPL handles multi-line blocks, Ctrl-C and Ctrl-E paste
 * mode exactly as on a serial line (no `...` hang, upydev #34). Device output is neutralised
 * ({@link dev.upyd.cli.util.AnsiFilter}) in shell mode and passed raw in REPL mode, as a terminal
 * connected to the board would.
 */
public final class ShellRepl {
    static final String KEYS = String.join("\n",
            "Keybindings:",
            "  CTRL-s  toggle shell / REPL mode",
            "  CTRL-k  show this help",
            "  CTRL-x  exit (also `exit`)",
            "  CTRL-c  shell: cancel the line or interrupt the running command; REPL: KeyboardInterrupt on the device",
            "  CTRL-d  shell: soft reset of the device; REPL: passed to the device (soft reset, end of paste mode)",
            "  CTRL-e  REPL: paste mode of the device",
            "  Tab     complete commands and device paths (local paths after put, lcd, lls, load)");
    static final Set<String> LOCAL_PATH_COMMANDS = Set.of("put", "lcd", "lls", "load", "dsync", "mpyx", "ota");
    static final List<String> BUILTINS = List.of("cd", "pwd", "lcd", "lls", "lpwd", "exit", "help", "-h", "clear");

    private enum Action { NONE, TOGGLE, EXIT, KEYS, SOFT_RESET }

    private final DeviceRun run;
    private final Main main;
    private final CommandLine commands;
    private final DaemonClient client;
    private final String device;
    private String platform = "upy";
    private String cwd = "/";
    private volatile Action pending = Action.NONE;
    private boolean startInRepl;

    public ShellRepl(DeviceRun run, Main main, CommandLine commands) {
        this.run = run;
        this.main = main;
        this.commands = commands;
        this.client = run.client();
        this.device = run.device();
    }

    /** {@code upyd repl}: go straight to REPL mode; CTRL-s still leads to the shell, CTRL-x leaves. */
    public ShellRepl startInRepl() {
        startInRepl = true;
        return this;
    }

    public int run() throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            return run(terminal);
        }
    }

    /** Runs on a given terminal (tests pass jline's terminal over streams). */
    public int run(Terminal terminal) throws IOException {
        Attributes saved = terminal.getAttributes();
        Attributes noFlow = new Attributes(saved);
        noFlow.setInputFlag(Attributes.InputFlag.IXON, false); // CTRL-s must reach us, not stop the terminal
        // jline ends readLine on the tty's EOF character at an empty line before any key binding is
        // consulted; CTRL-d is the soft reset here, so the EOF character is disabled (0 = _POSIX_VDISABLE)
        noFlow.setControlChar(Attributes.ControlChar.VEOF, 0);
        terminal.setAttributes(noFlow);
        PrintWriter tout = terminal.writer();
        try {
            refreshDeviceFacts();
            greet(tout);
            LineReader reader = lineReader(terminal);
            main.shellContext(new Main.ShellContext(device, client, true));
            PrintWriter filtered = new PrintWriter(new FilteringWriter(tout), true);
            commands.setOut(filtered);
            commands.setErr(filtered);
            boolean colour = !run.settings().colorMode().equals("never");
            if (startInRepl && replMode(terminal, tout)) {
                return leave(tout);
            }
            while (true) {
                String line;
                try {
                    line = reader.readLine(Prompt.of(platform, device, cwd, colour));
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                Action a = pending;
                pending = Action.NONE;
                switch (a) {
                    case EXIT -> {
                        tout.println("closing...");
                        return leave(tout);
                    }
                    case KEYS -> {
                        tout.println(KEYS);
                        continue;
                    }
                    case SOFT_RESET -> {
                        softReset(tout);
                        continue;
                    }
                    case TOGGLE -> {
                        if (replMode(terminal, tout)) {
                            return leave(tout);
                        }
                        continue;
                    }
                    default -> {
                    }
                }
                if (!line.isBlank() && !runLine(line.strip(), reader, tout)) {
                    return leave(tout);
                }
            }
            return leave(tout);
        } finally {
            main.shellContext(null);
            terminal.setAttributes(saved);
        }
    }

    private int leave(PrintWriter tout) {
        tout.println("logout");
        tout.println("Connection to " + device + " closed.");
        tout.flush();
        return Main.ExitCodes.OK;
    }

    private void greet(PrintWriter tout) {
        DeviceInfo info = client.listDevices().stream().filter(d -> d.name().equals(device)).findFirst().orElse(null);
        if (info != null && !info.tlsProtocol().isEmpty()) {
            tout.println("WebSecREPL with " + info.tlsProtocol() + " connected (session held by the upyd daemon)");
            tout.println(info.tlsProtocol() + " @ " + info.cipherSuite());
        } else {
            tout.println("WebREPL connected (session held by the upyd daemon)");
            tout.println("WARNING: ENCRYPTION DISABLED IN THIS MODE");
        }
        if (info != null && !info.firmware().isEmpty()) {
            String fw = info.firmware();
            tout.println(Character.isDigit(fw.charAt(0)) ? "MicroPython " + fw : fw);
        }
        tout.println("- CTRL-k to see keybindings or -h to see help");
        tout.println("- CTRL-s to toggle shell/repl mode");
        tout.println("- CTRL-x or \"exit\" to exit");
        tout.flush();
    }

    private void refreshDeviceFacts() throws IOException {
        platform = client.eval(device, DeviceCode.platform()).strip();
        cwd = client.eval(device, DeviceCode.cwd()).strip();
    }

    private LineReader lineReader(Terminal terminal) throws IOException {
        Path hist = run.settings().historyDir().resolve(device + ".history");
        Files.createDirectories(hist.getParent());
        DefaultParser parser = new DefaultParser();
        parser.setEscapeChars(new char[0]); // device paths and Python keep their backslashes
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .parser(parser)
                .history(new DefaultHistory())
                .variable(LineReader.HISTORY_FILE, hist)
                .variable(LineReader.HISTORY_SIZE, run.settings().historySize())
                .variable(LineReader.HISTORY_FILE_SIZE, run.settings().historySize())
                .completer(new ShellCompleter(this::commandNames, this::deviceNames, () -> run.settings().cwd()))
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        widget(reader, "upyd-toggle", Action.TOGGLE, KeyMap.ctrl('S'));
        widget(reader, "upyd-exit", Action.EXIT, KeyMap.ctrl('X'));
        widget(reader, "upyd-keys", Action.KEYS, KeyMap.ctrl('K'));
        widget(reader, "upyd-soft-reset", Action.SOFT_RESET, KeyMap.ctrl('D'));
        return reader;
    }

    private void widget(LineReader reader, String name, Action action, String key) {
        reader.getWidgets().put(name, () -> {
            pending = action;
            reader.getBuffer().clear();
            reader.callWidget(LineReader.ACCEPT_LINE);
            return true;
        });
        KeyMap<Binding> map = reader.getKeyMaps().get(LineReader.MAIN);
        // CTRL-x is a prefix in the emacs map (CTRL-x CTRL-u, ...): drop those so CTRL-x acts at once
        List<String> longer = new ArrayList<>();
        for (String k : map.getBoundKeys().keySet()) {
            if (k.length() > 1 && k.startsWith(key)) {
                longer.add(k);
            }
        }
        for (String k : longer) {
            map.unbind(k);
        }
        map.bind(new Reference(name), key);
    }

    private Set<String> commandNames() {
        Set<String> names = new TreeSet<>(commands.getSubcommands().keySet());
        names.addAll(BUILTINS);
        names.remove("kg");
        return names;
    }

    /** (name, isDir) pairs in a device directory, for completion; empty when the device cannot answer. */
    private List<String[]> deviceNames(String dir) {
        try {
            List<String[]> out = new ArrayList<>();
            for (var e : new dev.upyd.cli.device.DeviceFs(client, device).list(dir.isEmpty() ? "." : dir)) {
                out.add(new String[] {e.path(), e.isDir() ? "d" : "f"});
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** @return false when the shell should end */
    boolean runLine(String line, LineReader reader, PrintWriter tout) {
        if (line.startsWith("!") || line.startsWith("%")) {
            localShell(line.substring(1), tout);
            return true;
        }
        List<String> words = new ArrayList<>(reader.getParser().parse(line, line.length()).words());
        words.removeIf(String::isEmpty);
        if (words.isEmpty()) {
            return true;
        }
        String cmd = words.get(0);
        List<String> args = words.subList(1, words.size());
        try {
            switch (cmd) {
                case "exit" -> {
                    if (args.contains("-r") || args.contains("-hr")) {
                        execute(List.of("reset", args.contains("-hr") ? "-hr" : "--"), tout);
                    }
                    return false;
                }
                case "-h", "help" -> {
                    tout.println("upyd shell-repl commands (CMD -h for help on one):");
                    tout.println("  device: " + String.join(" ", commandNames()));
                    tout.println("  local:  lcd [DIR], lls [DIR], lpwd, !CMD (runs CMD in the local shell)");
                    tout.println(KEYS);
                }
                case "cd" -> cwd = client.eval(device, DeviceCode.chdir(args.isEmpty() ? "/" : args.get(0))).strip();
                case "pwd" -> tout.println(client.eval(device, DeviceCode.cwd()).strip());
                case "lpwd" -> tout.println(run.settings().cwd());
                case "lcd" -> {
                    Path to = args.isEmpty() ? Path.of(System.getProperty("user.home"))
                            : run.settings().cwd().resolve(args.get(0));
                    if (!Files.isDirectory(to)) {
                        tout.println("lcd: " + to + ": not a directory");
                    } else {
                        CliSettings s = main.settings().withCwd(to);
                        main.settings(s);
                        runSettings = s;
                    }
                }
                case "lls" -> {
                    Path d = args.isEmpty() ? run.settings().cwd() : run.settings().cwd().resolve(args.get(0));
                    try (var s = Files.list(d)) {
                        s.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : "")).sorted().forEach(tout::println);
                    }
                }
                case "clear" -> {
                    tout.print("\u001b[H\u001b[2J");
                }
                default -> {
                    if (commands.getSubcommands().containsKey(cmd)) {
                        execute(words, tout);
                    } else {
                        localShell(line, tout); // upydev: a word that is no command runs in the local shell
                    }
                }
            }
        } catch (CliException e) {
            tout.println(e.getMessage());
            if (e.exitCode() == Main.ExitCodes.UNREACHABLE) {
                awaitOnline(tout);
            }
        } catch (IOException e) {
            tout.println("error: " + e.getMessage());
        }
        tout.flush();
        return true;
    }

    private CliSettings runSettings;

    private void execute(List<String> words, PrintWriter tout) {
        int code = commands.execute(words.toArray(String[]::new));
        commands.getOut().flush();
        if (code == Main.ExitCodes.UNREACHABLE) {
            awaitOnline(tout);
        }
    }

    private void localShell(String cmd, PrintWriter tout) {
        String sh = System.getenv().getOrDefault("SHELL", "/bin/sh");
        try {
            Process p = new ProcessBuilder(sh, "-c", cmd).directory(main.settings().cwd().toFile()).inheritIO().start();
            p.waitFor();
        } catch (IOException e) {
            tout.println("cannot run " + sh + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The session dropped: say so, wait for the daemon to bring it back, carry on. */
    void awaitOnline(PrintWriter tout) {
        tout.println("session to " + device + " dropped; waiting for the daemon to reconnect (CTRL-c to stop waiting)...");
        tout.flush();
        long deadline = System.currentTimeMillis() + run.settings().reconnectWaitSeconds() * 1000;
        while (System.currentTimeMillis() < deadline) {
            boolean online = client.listDevices().stream().anyMatch(d -> d.name().equals(device) && d.state().equals("online"));
            if (online) {
                tout.println(device + " is back online");
                try {
                    refreshDeviceFacts();
                } catch (IOException | RuntimeException e) {
                    // the prompt keeps its old values; the next command reports any problem
                }
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        tout.println(device + " is still not online; commands will fail until the daemon reconnects (upyd status)");
    }

    private void softReset(PrintWriter tout) {
        try (DaemonClient.AttachedRepl repl = client.attach(device)) {
            repl.send(new byte[] {0x03, 0x04});
            long deadline = System.currentTimeMillis() + 3000;
            while (System.currentTimeMillis() < deadline && repl.isOpen()) {
                Object m = repl.poll(200);
                if (m instanceof byte[] b && new String(b, StandardCharsets.UTF_8).contains("soft reboot")) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tout.println("soft reset of " + device);
        awaitOnline(tout);
    }

    /**
     * REPL mode: raw bytes both ways through the daemon's attach until CTRL-s (back to shell) or CTRL-x.
     * @return true when the user left the shell altogether (CTRL-x)
     */
    private boolean replMode(Terminal terminal, PrintWriter tout) throws IOException {
        tout.println("REPL mode: CTRL-s back to the shell, CTRL-x exit, CTRL-k keys");
        tout.flush();
        Attributes before = terminal.enterRawMode();
        Attributes raw = terminal.getAttributes();
        raw.setInputFlag(Attributes.InputFlag.IXON, false);
        raw.setLocalFlag(Attributes.LocalFlag.ISIG, false); // CTRL-c goes to the device, not to this JVM
        terminal.setAttributes(raw);
        OutputStream screen = terminal.output();
        AtomicBoolean running = new AtomicBoolean(true);
        boolean exitShell = false;
        DaemonClient.AttachedRepl repl = client.attach(device);
        Thread pump = new Thread(() -> pump(repl, screen, running, tout), "upyd-repl-output");
        pump.setDaemon(true);
        pump.start();
        try {
            NonBlockingReader keys = terminal.reader();
            while (running.get()) {
                int c = keys.read(100);
                if (c == NonBlockingReader.READ_EXPIRED) {
                    continue;
                }
                if (c < 0) {
                    exitShell = true;
                    break;
                }
                if (c == 0x13) { // CTRL-s
                    break;
                }
                if (c == 0x18) { // CTRL-x
                    exitShell = true;
                    break;
                }
                if (c == 0x0b) { // CTRL-k
                    screen.write(("\r\n" + KEYS.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8));
                    screen.flush();
                    continue;
                }
                repl.send(String.valueOf((char) c).getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            // stop the pump before detaching: the detach's own answer must not read as a dropped session
            running.set(false);
            try {
                pump.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            repl.close();
            terminal.setAttributes(before);
        }
        tout.println();
        tout.println(exitShell ? "closing..." : "shell mode");
        tout.flush();
        try {
            refreshDeviceFacts(); // the user may have changed directory in the REPL
        } catch (IOException | RuntimeException e) {
            awaitOnline(tout);
        }
        return exitShell;
    }

    private void pump(DaemonClient.AttachedRepl repl, OutputStream screen, AtomicBoolean running, PrintWriter tout) {
        try {
            while (running.get()) {
                Object m = repl.poll(100);
                if (m instanceof byte[] b) {
                    screen.write(b);
                    screen.flush();
                } else if (m instanceof DaemonClient.Ended e && running.get()) {
                    screen.write(("\r\n[session to " + device + " ended: " + e.outcome().message()
                            + "; CTRL-s returns to the shell, which waits for the reconnect]\r\n")
                            .getBytes(StandardCharsets.UTF_8));
                    screen.flush();
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the terminal went away or we are leaving REPL mode
        }
    }
}
