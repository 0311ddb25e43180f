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
import picocli.CommandLine.Parameters;

@Command(name = "df", mixinStandardHelpOptions = true, description = "File-system size and free space (os.statvfs).")
public final class DfCommand extends DeviceCommand {
    @Parameters(arity = "0..1", paramLabel = "PATH", description = "Mount point (default /).")
    String path;

    @Option(names = "--json", description = "Print JSON: {size, used, free}.")
    boolean json;

    @Override
    protected boolean jsonOutput() {
        return json;
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        String p = path == null ? "/" : path;
        PyTuple t = (PyTuple) PythonLiteral.parse(run.client().eval(run.device(), DeviceCode.statvfs(p)).strip());
        long bsize = ((Number) t.get(0)).longValue();
        long size = bsize * ((Number) t.get(2)).longValue();
        long free = bsize * ((Number) t.get(3)).longValue();
        long used = size - free;
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mount", p);
            m.put("size", size);
            m.put("used", used);
            m.put("free", free);
            run.out().println(Json.write(m));
            return 0;
        }
        run.out().printf("%-12s %10s %10s %10s %5s  %s%n", "Filesystem", "Size", "Used", "Avail", "Use%", "Mounted on");
        run.out().printf(Locale.ROOT, "%-12s %10s %10s %10s %4.0f%%  %s%n", "Flash", Units.size(size), Units.size(used),
                Units.size(free), size == 0 ? 0.0 : 100.0 * used / size, p);
        return 0;
    }
}
