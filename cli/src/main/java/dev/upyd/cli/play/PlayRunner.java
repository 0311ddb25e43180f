package dev.upyd.cli.play;

import dev.upyd.cli.CliException;
import dev.upyd.cli.CliSettings;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.command.DeviceRun;
import dev.upyd.cli.command.LocalScript;
import dev.upyd.cli.command.Style;
import dev.upyd.cli.fanout.FanOut;
import dev.upyd.cli.util.LinePrefixWriter;
import dev.upyd.protocol.api.DeviceInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Plays one play as upydev's playbook.py does, with its output ({@code PLAY [..]}, {@code TASK [..]}, the
 * {@code ***} and {@code ---} rules, {@code ok [✔]: [dev]}, {@code [dev]: command}), over the daemon's held
 * sessions instead of new connections. {@code *_pl} directives and {@code command_nb} run on every host at
 * once, each on its own daemon connection (the daemon queues a host's later requests behind them). A
 * failing step does not stop the play; the recap at the end says which host failed what.
 */
final class PlayRunner {
    private final CliSettings settings;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private final Style style;
    private final HostActions actions;
    private final String stars;
    private final String dashes;
    private final Map<String, Recap> recap = new LinkedHashMap<>();
    private final List<Future<?>> pending = new ArrayList<>();
    /** Per task (by identity: two tasks may be alike), per host: whether all its steps worked. */
    private final Map<PlayTask, Map<String, Boolean>> outcomes = new java.util.IdentityHashMap<>();
    private final ExecutorService pool;

    /** Per host: tasks done and failed, and whether it answered at all. */
    private static final class Recap {
        int ok;
        int failed;
        boolean reachable;
    }

    PlayRunner(CliSettings settings, PrintWriter out, PrintWriter err, boolean terminal) {
        this.settings = settings;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.style = new Style(settings, terminal);
        this.actions = new HostActions(settings);
        int w = FanOut.terminalColumns(settings);
        this.stars = "*".repeat(w);
        this.dashes = "-".repeat(w);
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "upyd-play");
            t.setDaemon(true);
            return t;
        });
    }

    /** @return the exit code: 0, 1 when a step failed, 3 when a host was unreachable, 8 for both */
    int play(Playbook pb, List<String> defaultHosts, Path taskDir, DaemonClient client) throws InterruptedException {
        try {
            return run(pb, defaultHosts, taskDir, client);
        } finally {
            pool.shutdownNow();
        }
    }

    private int run(Playbook pb, List<String> defaultHosts, Path taskDir, DaemonClient client) throws InterruptedException {
        out.println("PLAY [" + pb.name() + "]");
        out.println(stars);
        out.println();
        List<String> target = pb.hosts() != null ? pb.hosts() : defaultHosts;
        java.util.Set<String> held = new java.util.HashSet<>();
        for (DeviceInfo d : client.listDevices()) {
            held.add(d.name());
        }
        List<String> found = target.stream().filter(held::contains).distinct().toList();
        out.println("HOSTS TARGET: [" + String.join(", ", target) + "]");
        out.println("HOSTS FOUND : [" + String.join(", ", found) + "]");
        out.println(stars);
        out.println();
        out.println("TASK [Gathering Facts]");
        out.println(stars);
        out.println();
        List<String> hosts = new ArrayList<>();
        for (String h : found) {
            Recap r = new Recap();
            recap.put(h, r);
            r.reachable = client.ping(h).ok();
            if (r.reachable) {
                hosts.add(h);
                out.println(style.ok("ok") + " [" + style.ok("\u2714") + "]: [" + h + "]");
            } else {
                out.println(style.bad("fatal") + " [" + style.bad("\u2718") + "]: [" + h + "]: UNREACHABLE!");
            }
        }
        out.flush();
        for (PlayTask t : pb.tasks()) {
            out.println();
            out.println("TASK [" + t.name() + "]");
            out.println(stars);
            out.println();
            out.flush();
            List<String> on = hosts.stream().filter(t::runsOn).toList();
            task(t, on, taskDir, client);
            out.println(stars);
            out.println();
            out.flush();
        }
        awaitPending();
        return recap(target);
    }

    private void task(PlayTask t, List<String> on, Path taskDir, DaemonClient client) throws InterruptedException {
        if (t.reset() != null) {
            for (String h : on) {
                out.println("[" + h + "]: " + t.reset());
                out.println();
                step(h, t, run -> {
                    actions.reset(run, t.reset().equals("hard"));
                    return true;
                }, client);
                out.println(dashes);
            }
            out.println("RESET: DONE");
            out.println(dashes);
        }
        if (t.waitSeconds() > 0) {
            for (int i = t.waitSeconds(); i > 0; i--) {
                if (terminal) {
                    out.print("WAIT: " + i + "\r");
                    out.flush();
                }
                Thread.sleep(1000);
            }
            out.println("WAIT: DONE");
            out.println(dashes);
        }
        if (t.load() != null) {
            LocalScript s = script(t.load(), taskDir);
            for (String h : on) {
                out.println("[" + h + "]: loading " + shown(t.load(), s));
                out.println();
                out.flush();
                step(h, t, run -> actions.load(run, s), client);
                out.println("Done!");
                out.println(dashes);
            }
        }
        if (t.loadParallel() != null) {
            LocalScript s = script(t.loadParallel(), taskDir);
            out.println("[" + String.join(", ", on) + "]: loading " + shown(t.loadParallel(), s));
            out.println();
            parallel(on, t, run -> actions.load(run, s));
            out.println("Done!");
            out.println(dashes);
        }
        if (t.command() != null) {
            if (t.command().startsWith("%")) {
                out.println("[local]: " + t.command());
                out.println();
                out.flush();
                if (!actions.local(t.command().substring(1), out)) {
                    out.println("[local]: failed");
                }
                out.println(dashes);
            } else {
                for (String h : on) {
                    out.println("[" + h + "]: " + t.command());
                    out.println();
                    out.flush();
                    step(h, t, run -> actions.command(run, t.command()), client);
                    out.println(dashes);
                }
            }
        }
        if (t.commandNonBlocking() != null) {
            for (String h : on) {
                out.println("[" + h + "]: " + t.commandNonBlocking());
                out.println();
                nonBlocking(h, t);
                out.println(dashes);
            }
        }
        if (t.commandParallel() != null) {
            out.println("[" + String.join(", ", on) + "]: " + t.commandParallel());
            out.println();
            parallel(on, t, run -> actions.command(run, t.commandParallel()));
            out.println(dashes);
        }
        out.flush();
    }

    private LocalScript script(String load, Path taskDir) {
        return LocalScript.of(load, settings.cwd(), taskDir);
    }

    private String shown(String load, LocalScript s) {
        return s.file() == null ? load : s.file().startsWith(settings.cwd()) ? settings.cwd().relativize(s.file()).toString()
                : s.file().toString();
    }

    /** One host's part of a task; what it does, given the host's run. */
    private interface Step {
        boolean on(DeviceRun run) throws IOException, InterruptedException;
    }

    private void step(String host, PlayTask t, Step s, DaemonClient client) {
        DeviceRun run = new DeviceRun(host, client, settings, out, err, terminal, false);
        count(host, t, attempt(host, t, s, run));
    }

    private boolean attempt(String host, PlayTask t, Step s, DeviceRun run) {
        try {
            return s.on(run);
        } catch (CliException | IOException e) {
            run.err().println("upyd: " + host + ": " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            run.out().flush();
            run.err().flush();
        }
    }

    /** A step's outcome; a task counts as failed on a host when any of its steps failed there. */
    private synchronized void count(String host, PlayTask t, boolean ok) {
        outcomes.computeIfAbsent(t, k -> new LinkedHashMap<>()).merge(host, ok, Boolean::logicalAnd);
        if (!ok) {
            out.println(style.bad("failed") + ": [" + host + "]: task [" + t.name() + "]");
        }
    }

    private void parallel(List<String> hosts, PlayTask t, Step s) throws InterruptedException {
        int width = hosts.stream().mapToInt(String::length).max().orElse(4);
        Object lock = new Object();
        List<Future<?>> running = new ArrayList<>();
        for (String h : hosts) {
            String prefix = String.format("%-" + width + "s | ", h);
            running.add(pool.submit(() -> onOwnConnection(h, t, s,
                    new PrintWriter(new LinePrefixWriter(out, prefix, lock), true),
                    new PrintWriter(new LinePrefixWriter(err, prefix, lock), true), lock)));
        }
        for (Future<?> f : running) {
            join(f);
        }
    }

    /** upydev's cmd_nb: sent, not waited for, output dropped; a failure is reported when the play ends. */
    private void nonBlocking(String host, PlayTask t) {
        pending.add(pool.submit(() -> onOwnConnection(host, t, run -> actions.command(run, t.commandNonBlocking()),
                new PrintWriter(java.io.Writer.nullWriter()),
                new PrintWriter(new LinePrefixWriter(err, host + " | ", err), true), err)));
    }

    /** A step on a daemon connection of its own (the daemon then runs it beside this thread's requests). */
    private void onOwnConnection(String host, PlayTask t, Step s, PrintWriter hOut, PrintWriter hErr, Object lock) {
        boolean ok;
        try (DaemonClient own = DaemonClient.connect(settings)) {
            ok = attempt(host, t, s, new DeviceRun(host, own, settings, hOut, hErr, false, true));
        } catch (CliException e) {
            hErr.println("upyd: " + e.getMessage());
            ok = false;
        }
        hOut.close();
        hErr.close();
        synchronized (lock) {
            count(host, t, ok);
        }
    }

    private void awaitPending() throws InterruptedException {
        for (Future<?> f : pending) {
            join(f);
        }
        pending.clear();
    }

    private static void join(Future<?> f) throws InterruptedException {
        try {
            f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // attempt() catches what a step throws; a bug if reached
        }
    }

    private int recap(List<String> target) {
        for (Map<String, Boolean> task : outcomes.values()) {
            task.forEach((host, ok) -> {
                if (ok) {
                    recap.get(host).ok++;
                } else {
                    recap.get(host).failed++;
                }
            });
        }
        out.println("PLAY RECAP");
        out.println(stars);
        int width = target.stream().mapToInt(String::length).max().orElse(4);
        boolean failed = false;
        boolean unreachable = false;
        for (String h : target) {
            Recap r = recap.get(h);
            String line;
            if (r == null) {
                line = "not in the global group (upyd config ... -gg adds it)";
                unreachable = true;
            } else if (!r.reachable) {
                line = style.bad("unreachable");
                unreachable = true;
            } else {
                line = "ok=" + r.ok + " failed=" + r.failed;
                failed |= r.failed > 0;
            }
            out.printf("%-" + width + "s : %s%n", h, line);
        }
        out.println();
        out.flush();
        if (failed && unreachable) {
            return Main.ExitCodes.SOME_FAILED;
        }
        return failed ? Main.ExitCodes.DEVICE_EXCEPTION : unreachable ? Main.ExitCodes.UNREACHABLE : Main.ExitCodes.OK;
    }
}
