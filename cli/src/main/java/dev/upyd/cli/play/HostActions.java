package dev.upyd.cli.play;

import dev.upyd.cli.CliSettings;
import dev.upyd.cli.Main;
import dev.upyd.cli.command.DeviceRun;
import dev.upyd.cli.command.ExecSupport;
import dev.upyd.cli.command.LocalScript;
import dev.upyd.cli.command.SoftReset;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jline.reader.impl.DefaultParser;
import picocli.CommandLine;

/**
 * What a task does on one host. {@code command} is a shell-repl line when its first word is an upyd
 * command ({@code ls}, {@code mem}, {@code info && id}), else MicroPython typed at the REPL; a line starting
 * with {@code %} runs in the local shell. Each returns whether it worked; the output goes to the run's streams.
 */
final class HostActions {
    /** Interactive, or a playbook inside a playbook: not for a task. */
    static final Set<String> REFUSED = Set.of("shell", "shl", "repl", "rpl", "play");

    private final CliSettings settings;

    HostActions(CliSettings settings) {
        this.settings = settings;
    }

    static List<String> words(String line) {
        DefaultParser parser = new DefaultParser();
        parser.setEscapeChars(new char[0]); // device paths and Python keep their backslashes
        List<String> w = new ArrayList<>(parser.parse(line, line.length()).words());
        w.removeIf(String::isEmpty);
        return w;
    }

    boolean command(DeviceRun run, String line) throws IOException {
        List<String> words = words(line);
        if (words.isEmpty() || !Main.commandNames().contains(words.get(0))) {
            return ExecSupport.followLine(run, line).ok();
        }
        List<List<String>> steps = new ArrayList<>();
        steps.add(new ArrayList<>());
        for (String w : words) {
            if (w.equals("&&")) {
                steps.add(new ArrayList<>());
            } else {
                steps.get(steps.size() - 1).add(w);
            }
        }
        for (List<String> step : steps) {
            if (step.isEmpty()) {
                run.err().println("upyd: `" + line + "`: an empty command around &&");
                return false;
            }
            if (REFUSED.contains(step.get(0)) || !Main.commandNames().contains(step.get(0))) {
                run.err().println("upyd: `" + step.get(0) + "` cannot run in a task (interactive, or not an upyd command)");
                return false;
            }
            CommandLine cl = Main.commandLine(settings, false);
            ((Main) cl.getCommand()).shellContext(new Main.ShellContext(run.device(), run.client(), false));
            cl.setOut(run.out());
            cl.setErr(run.err());
            int code = cl.execute(step.toArray(String[]::new));
            run.out().flush();
            run.err().flush();
            if (code != Main.ExitCodes.OK) {
                return false;
            }
        }
        return true;
    }

    /** upydev's load: the script's text runs on the device (raw-paste), output followed. */
    boolean load(DeviceRun run, LocalScript script) throws IOException {
        return ExecSupport.follow(run, script.code()).ok();
    }

    void reset(DeviceRun run, boolean hard) throws IOException, InterruptedException {
        new SoftReset(run).restart(hard, settings.reconnectWaitSeconds());
    }

    /** {@code %cmd}: the local shell, in the working directory, its output into ours. */
    boolean local(String cmd, PrintWriter out) {
        String sh = settings.env("SHELL") == null ? "/bin/sh" : settings.env("SHELL");
        try {
            Process p = new ProcessBuilder(sh, "-c", cmd).directory(settings.cwd().toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            try (InputStream in = p.getInputStream()) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.print(new String(buf, 0, n, StandardCharsets.UTF_8));
                    out.flush();
                }
            }
            return p.waitFor() == 0;
        } catch (IOException e) {
            out.println("upyd: cannot run " + sh + ": " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
