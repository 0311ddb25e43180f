package dev.upyd.cli.command;

import dev.upyd.cli.device.DeviceCode;
import dev.upyd.cli.util.Json;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "uptime", mixinStandardHelpOptions = true,
        description = "Time since the device booted (stock time.ticks_ms(): wraps after about 12.4 days).")
public final class UptimeCommand extends DeviceCommand {
    @Option(names = "--json", description = "Print JSON: {ms}.")
    boolean json;

    @Override
    protected boolean jsonOutput() {
        return json;
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        long ms = Long.parseLong(run.client().eval(run.device(), DeviceCode.uptime()).strip());
        if (json) {
            run.out().println(Json.write(Map.of("ms", ms)));
            return 0;
        }
        long s = ms / 1000;
        run.out().printf("Up %d days, %d:%02d:%02d%n", s / 86400, s / 3600 % 24, s / 60 % 60, s % 60);
        return 0;
    }
}
