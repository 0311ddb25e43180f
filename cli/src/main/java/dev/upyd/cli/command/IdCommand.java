package dev.upyd.cli.command;

import dev.upyd.cli.device.DeviceCode;
import dev.upyd.cli.util.Json;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "id", mixinStandardHelpOptions = true, description = "The device's unique id (machine.unique_id(), hex).")
public final class IdCommand extends DeviceCommand {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    protected boolean jsonOutput() {
        return json;
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        String uid = run.client().eval(run.device(), DeviceCode.uniqueId()).strip();
        run.out().println(json ? Json.write(Map.of("id", uid)) : "ID: " + uid);
        return 0;
    }
}
