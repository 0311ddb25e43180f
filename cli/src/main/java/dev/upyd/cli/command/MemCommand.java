package dev.upyd.cli.command;

import dev.upyd.cli.device.DeviceCode;
import dev.upyd.cli.util.Json;
import dev.upyd.protocol.pylit.PyTuple;
import dev.upyd.protocol.pylit.PythonLiteral;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "mem", mixinStandardHelpOptions = true, description = "RAM of the device after a gc.collect().")
public final class MemCommand extends DeviceCommand {
    @Option(names = "--json", description = "Print JSON: {total, used, free}.")
    boolean json;

    @Override
    protected boolean jsonOutput() {
        return json;
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        PyTuple t = (PyTuple) PythonLiteral.parse(run.client().eval(run.device(), DeviceCode.mem()).strip());
        long used = ((Number) t.get(0)).longValue();
        long free = ((Number) t.get(1)).longValue();
        long total = used + free;
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("total", total);
            m.put("used", used);
            m.put("free", free);
            run.out().println(Json.write(m));
            return 0;
        }
        run.out().printf("%-8s %12s %12s %12s %6s%n", "Memory", "Size", "Used", "Avail", "Use%");
        run.out().printf(Locale.ROOT, "%-8s %9.3f kB %9.3f kB %9.3f kB %5.1f%%%n", "RAM", total / 1000.0, used / 1000.0,
                free / 1000.0, total == 0 ? 0.0 : 100.0 * used / total);
        return 0;
    }
}
