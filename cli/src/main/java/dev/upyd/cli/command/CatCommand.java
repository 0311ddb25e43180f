package dev.upyd.cli.command;

import dev.upyd.cli.Main;
import dev.upyd.cli.device.DeviceCode;
import dev.upyd.cli.device.DeviceFs;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cat", mixinStandardHelpOptions = true, description = "Print text files of the device.")
public final class CatCommand extends DeviceCommand {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files or patterns.")
    List<String> files;

    @Option(names = "--json", description = "Print JSON: {path: text}.")
    boolean json;

    @Override
    protected boolean jsonOutput() {
        return json;
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        List<String> paths = new DeviceFs(run.client(), run.device()).expand(files, null);
        if (json) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            for (String f : paths) {
                m.put(f, run.client().eval(run.device(), DeviceCode.cat(f)).replace("\r\n", "\n"));
            }
            run.out().println(dev.upyd.cli.util.Json.write(m));
            return Main.ExitCodes.OK;
        }
        for (String f : paths) {
            int code = ExecSupport.stream(run, DeviceCode.cat(f));
            if (code != Main.ExitCodes.OK) {
                return code;
            }
        }
        return Main.ExitCodes.OK;
    }
}
