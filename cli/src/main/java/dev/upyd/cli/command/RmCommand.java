package dev.upyd.cli.command;

import dev.upyd.cli.device.DeviceCode;
import dev.upyd.cli.device.DeviceFs;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove files (and with -rf directories) on the device.")
public final class RmCommand extends DeviceCommand {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, directories or patterns.")
    List<String> paths;

    @Option(names = "-rf", description = "Recursive; missing paths are not an error.")
    boolean recursive;

    @Override
    public int runOn(DeviceRun run) throws Exception {
        List<String> expanded = new DeviceFs(run.client(), run.device()).expand(paths, null);
        run.client().eval(run.device(), DeviceCode.rm(expanded, recursive));
        return 0;
    }
}
