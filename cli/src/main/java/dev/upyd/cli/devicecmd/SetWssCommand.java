package dev.upyd.cli.devicecmd;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.command.DeviceCommand;
import dev.upyd.cli.command.DeviceRun;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "set_wss", mixinStandardHelpOptions = true,
        description = {"Make the device start upyd's WebSecureREPL at boot: patch /boot.py (webrepl/wss_repl lines"
                + " become `import upyd_wss` + `upyd_wss.start(ssl=True)`; the old one is kept as /boot.py.bak),"
                + " show the diff, soft-reset and wait until the daemon has the device again.",
                "Needs upyd_wss (upyd update_upyutils) and the device's key, certificate and CA (upyd kg ssl ...)"
                + " on the device. Also: upyd device enable-wss."})
public final class SetWssCommand extends DeviceCommand {
    @Option(names = "--dry-run", description = "Show the diff only; change nothing.")
    boolean dryRun;

    @Option(names = "--wait", paramLabel = "S", defaultValue = "30",
            description = "Seconds to wait for the device to be online again after the reset (default: ${DEFAULT-VALUE}; 0: do not wait).")
    long waitSeconds;

    @Option(names = "--from", paramLabel = "DIR", description = "The device folder (default: device/ of this upyd checkout).")
    Path from;

    @Override
    public int runOn(DeviceRun run) throws Exception {
        return enable(run, from, dryRun, waitSeconds);
    }

    static int enable(DeviceRun run, Path from, boolean dryRun, long waitSeconds) throws Exception {
        if (waitSeconds < 0) {
            throw new CliException(Main.ExitCodes.USAGE, "--wait must be 0 or more seconds");
        }
        ModuleManifest manifest = ModuleManifest.read(DeviceFolder.locate(UpdateUpyutilsCommand.resolve(run, from)));
        new WssEnabler(run, manifest).enable(dryRun, waitSeconds);
        return 0;
    }
}
