package dev.upyd.cli.devicecmd;

import dev.upyd.cli.command.DeviceCommand;
import dev.upyd.cli.command.DeviceRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "update_upyutils", mixinStandardHelpOptions = true,
        description = {"Install upyd's device modules (device/manifest.json) into the device's /lib:"
                + " only those whose SHA-256 on the device differs are sent; each lands under a temp name and is"
                + " renamed when complete, then hashed again.",
                "Also: upyd device install."})
public final class UpdateUpyutilsCommand extends DeviceCommand {
    @Parameters(arity = "0..*", paramLabel = "PATTERN",
            description = "Module file names or globs (upyd_*.py, wss_repl); default: all.")
    List<String> patterns = new ArrayList<>();

    @Option(names = "--from", paramLabel = "DIR",
            description = "The device folder to install from (default: device/ of this upyd checkout).")
    Path from;

    @Option(names = "--json", description = "Print JSON: {device, createdDirs, modules: [{name, status, ...}], uploaded, unchanged, failed}.")
    boolean json;

    @Override
    protected boolean jsonOutput() {
        return json;
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        return install(run, from, patterns, json);
    }

    static int install(DeviceRun run, Path from, List<String> patterns, boolean json) throws Exception {
        ModuleManifest manifest = ModuleManifest.read(DeviceFolder.locate(resolve(run, from)));
        ModuleInstaller.Report r = new ModuleInstaller(run, manifest).install(manifest.select(patterns));
        InstallOutput.print(run, r, json);
        return r.exitCode();
    }

    static Path resolve(DeviceRun run, Path from) {
        return from == null ? null : run.settings().cwd().resolve(from);
    }
}
