package dev.upyd.cli.command;

import dev.upyd.cli.device.DeviceCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "mv", mixinStandardHelpOptions = true, description = "Rename or move a file on the device.")
public final class MvCommand extends DeviceCommand {
    @Parameters(index = "0", paramLabel = "SRC")
    String from;

    @Parameters(index = "1", paramLabel = "DST")
    String to;

    @Override
    public int runOn(DeviceRun run) throws Exception {
        run.client().eval(run.device(), DeviceCode.rename(from, to));
        return 0;
    }
}
