package dev.upyd.cli.command;

import dev.upyd.cli.device.DeviceFs;
import dev.upyd.cli.transfer.FileTransfers;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Download files or patterns from the device into the local cwd (SHA-256 verified against the device;",
                "lands under a temp name, renamed when verified). In a group fan-out each device gets a sub-directory."})
public final class GetCommand extends DeviceCommand {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Device files or patterns (*.py).")
    List<String> files;

    @Option(names = "-dir", paramLabel = "DIR", description = "Device directory the names are relative to.")
    String dir;

    @Option(names = {"-o", "--into"}, paramLabel = "LOCALDIR", description = "Local directory (default: cwd).")
    Path into;

    @Option(names = "--no-verify", description = "Skip the device-side SHA-256 check.")
    boolean noVerify;

    @Override
    public int runOn(DeviceRun run) throws Exception {
        DeviceFs fs = new DeviceFs(run.client(), run.device());
        Path target = into == null ? run.settings().cwd() : run.settings().cwd().resolve(into);
        if (run.grouped()) {
            target = target.resolve(run.device()); // upydev -gf: one folder per device, no clobbering
        }
        List<String> remote = fs.expand(files, dir);
        FileTransfers t = new FileTransfers(run);
        try (Interrupts i = run.grouped() ? null : Interrupts.cancelling(run.client())) {
            for (String r : remote) {
                t.get(r, target.resolve(r.substring(r.lastIndexOf('/') + 1)), !noVerify);
            }
        }
        return 0;
    }
}
