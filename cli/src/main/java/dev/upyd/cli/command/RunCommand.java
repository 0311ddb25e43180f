package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.device.DeviceCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a script that is on the device (import it, streamed output; Ctrl-C interrupts it), "
                + "then unload it so it can run again.")
public final class RunCommand extends DeviceCommand {
    @Parameters(index = "0", paramLabel = "SCRIPT", description = "Script on the device, e.g. main.py or lib/job.py")
    String script;

    @Option(names = "-s", paramLabel = "DIR", description = "Directory added to sys.path first (upydev -s).")
    String dir;

    @Option(names = "-r", description = {"Unload the script from sys.modules after running so that it can run again",
            "(upydev shell's run -r). upyd's run always does this, also after an exception or Ctrl-C."})
    boolean reloadable;

    @Override
    public int runOn(DeviceRun run) throws Exception {
        String s = script.endsWith(".py") ? script.substring(0, script.length() - 3) : script;
        String d = dir;
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            d = slash == 0 ? "/" : s.substring(0, slash);
            s = s.substring(slash + 1);
        }
        if (!s.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new CliException(Main.ExitCodes.USAGE, "`" + script + "` is not a module name a device can import");
        }
        return ExecSupport.stream(run, DeviceCode.run(s, d));
    }
}
