package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.protocol.api.Exec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sysctl", mixinStandardHelpOptions = true,
        description = {"Start a script on the device without following its output (`sysctl start blink.py`), or"
                + " stop and unload it (`sysctl stop blink.py`).",
                "While it runs the daemon keeps the device for it: other commands fail at once saying so (upydev's"
                        + " would hang), and the script survives this command and its terminal. Its output is dropped;"
                        + " use `upyd log` to keep it."})
public final class SysctlCommand extends DeviceCommand {
    @Parameters(index = "0", paramLabel = "MODE", description = "start or stop.")
    String mode;

    @Parameters(index = "1", paramLabel = "SCRIPT", description = "The script on the device, e.g. blink.py.")
    String scriptName;

    @Option(names = "-s", paramLabel = "DIR", description = "The script's directory on the device (e.g. sd).")
    String dir;

    @Override
    public Integer call() throws Exception {
        if (!mode.equals("start") && !mode.equals("stop")) {
            throw new CliException(Main.ExitCodes.USAGE, "sysctl " + mode + ": the mode is start or stop");
        }
        DeviceScript.of(scriptName, dir);
        return super.call();
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        DeviceScript script = DeviceScript.of(scriptName, dir);
        if (mode.equals("start")) {
            run.out().println("Loading " + scriptName + " script...");
            run.out().flush();
            DaemonClient.Outcome o = run.client().exec(run.device(), script.pathSetup() + script.importLine(),
                    Exec.FLAG_BACKGROUND, (s, b) -> { });
            if (!o.ok()) {
                throw new CliException(o.exitCode(), run.device() + ": " + o.message());
            }
            run.out().println("Done!");
            run.out().flush();
            return 0;
        }
        run.out().println("Stopping " + scriptName + " script...");
        run.out().println("Unloading " + scriptName + " script...");
        run.out().flush();
        int code = ExecSupport.stream(run, script.unload() + "print('systctl: script unloaded')\n",
                Exec.FLAG_STOP_BACKGROUND);
        if (code != 0) {
            return code;
        }
        run.out().println("Done!");
        run.out().flush();
        return 0;
    }
}
