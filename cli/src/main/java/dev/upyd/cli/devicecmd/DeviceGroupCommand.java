package dev.upyd.cli.devicecmd;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.command.DeviceCommand;
import dev.upyd.cli.command.DeviceRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code upyd device install|enable-wss|status}. One command with an ACTION word rather than picocli
 * subcommands: every device command takes its {@code Main} from {@code @ParentCommand}, which a nested
 * subcommand would not get.
 */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = {"upyd's own device modules:",
                "  install [PATTERN...]  same as update_upyutils",
                "  enable-wss            same as set_wss",
                "  status                which modules are on the device, their versions, whether boot.py starts wss"})
public final class DeviceGroupCommand extends DeviceCommand {
    @Parameters(index = "0", paramLabel = "ACTION", description = "install, enable-wss or status.")
    String action;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "PATTERN", description = "install: module globs.")
    List<String> patterns = new ArrayList<>();

    @Option(names = "--json", description = "install, status: print JSON.")
    boolean json;

    @Option(names = "--dry-run", description = "enable-wss: show the diff only.")
    boolean dryRun;

    @Option(names = "--wait", paramLabel = "S", defaultValue = "30",
            description = "enable-wss: seconds to wait for the device after the reset (default: ${DEFAULT-VALUE}; 0: do not wait).")
    long waitSeconds;

    @Option(names = "--from", paramLabel = "DIR", description = "The device folder (default: device/ of this upyd checkout).")
    Path from;

    @Override
    protected boolean jsonOutput() {
        return json;
    }

    @Override
    public Integer call() throws Exception {
        check(); // before connecting: a typo is a usage error even without a daemon
        return super.call();
    }

    private void check() {
        switch (action) {
            case "install" -> refuse(dryRun, "--dry-run");
            case "enable-wss" -> {
                refuse(json, "--json");
                refuse(!patterns.isEmpty(), "patterns");
            }
            case "status" -> {
                refuse(dryRun, "--dry-run");
                refuse(!patterns.isEmpty(), "patterns");
            }
            default -> throw new CliException(Main.ExitCodes.USAGE, "device: unknown action '" + action
                    + "'; use install, enable-wss or status");
        }
    }

    private void refuse(boolean given, String what) {
        if (given) {
            throw new CliException(Main.ExitCodes.USAGE, "device " + action + ": " + what + " does not apply");
        }
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        return switch (action) {
            case "install" -> UpdateUpyutilsCommand.install(run, from, patterns, json);
            case "enable-wss" -> SetWssCommand.enable(run, from, dryRun, waitSeconds);
            default -> ModuleStatus.show(run, ModuleManifest.read(DeviceFolder.locate(
                    UpdateUpyutilsCommand.resolve(run, from))), json);
        };
    }
}
