package dev.upyd.cli.command;

import dev.upyd.cli.CliSettings;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.fanout.FanOut;
import dev.upyd.cli.target.TargetOptions;
import dev.upyd.cli.target.TargetResolver;
import dev.upyd.protocol.api.DeviceInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that runs on devices through the daemon. Resolves upydev's targets ({@code -@}, {@code -gg},
 * {@code -G}); one device runs in the foreground, several run in parallel through {@link FanOut}. Inside
 * the shell-repl the shell's device and connection are used when no target is named.
 */
public abstract class DeviceCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @ParentCommand
    protected Main main;

    @Mixin
    protected TargetOptions targets = new TargetOptions();

    /** A device named by a positional parameter (clean forms such as {@code exec NAME CODE}), or null. */
    protected String positionalDevice() {
        return null;
    }

    /** Whether {@code --json} was asked (read-only commands). */
    protected boolean jsonOutput() {
        return false;
    }

    /**
     * Whether {@code --json} means the fan-out's per-device objects (name, ok, stdout, stderr, duration)
     * even for one device: commands whose output is the device's own text (exec, run, load).
     */
    protected boolean jsonPerDevice() {
        return false;
    }

    /** Runs on one device; must only read this command's parsed fields (a fan-out calls it concurrently). */
    public abstract int runOn(DeviceRun run) throws Exception;

    @Override
    public Integer call() throws Exception {
        CliSettings s = main.settings();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Main.ShellContext shell = main.shellContext();
        if (shell != null && !targets.given() && positionalDevice() == null) {
            return runOn(new DeviceRun(shell.device(), shell.client(), s, out, err, shell.terminal(), false));
        }
        DaemonClient client = DaemonClient.connect(s);
        TargetResolver.Selection sel;
        java.util.Map<String, String> addresses = new java.util.LinkedHashMap<>();
        try {
            sel = new TargetResolver(s, () -> {
                List<DeviceInfo> held = client.listDevices();
                held.forEach(d -> addresses.put(d.name(), d.address()));
                return held.stream().map(DeviceInfo::name).toList();
            }).select(targets, positionalDevice());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        List<String> devices = sel.devices();
        if (devices.size() == 1 && !jsonPerDevice() && !sel.sequential()) {
            try (client) {
                return runOn(new DeviceRun(devices.get(0), client, s, out, err, main.terminal(), false));
            }
        }
        if (sel.sequential()) {
            try (client) {
                return new FanOut(s, out, err).runSequential(sel.group(), devices, addresses, this, client,
                        main.terminal(), spec.name());
            }
        }
        client.close();
        return new FanOut(s, out, err).run(devices, this, jsonOutput());
    }
}
