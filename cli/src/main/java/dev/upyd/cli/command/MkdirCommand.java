package dev.upyd.cli.command;

import dev.upyd.cli.device.DeviceCode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mkdir", mixinStandardHelpOptions = true, description = "Create directories on the device.")
public final class MkdirCommand extends DeviceCommand {
    @Parameters(arity = "1..*", paramLabel = "DIR")
    List<String> dirs;

    @Option(names = "-p", description = "Create parents too; existing directories are fine.")
    boolean parents;

    @Override
    public int runOn(DeviceRun run) throws Exception {
        run.client().eval(run.device(), parents ? DeviceCode.mkdirs(dirs) : DeviceCode.mkdir(dirs));
        return 0;
    }
}
