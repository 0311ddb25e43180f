package dev.upyd.cli.command;

import dev.upyd.cli.device.DeviceFs;
import dev.upyd.cli.util.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "du", mixinStandardHelpOptions = true, description = "Disk usage of a directory of the device, per entry.")
public final class DuCommand extends DeviceCommand {
    @Parameters(arity = "0..1", paramLabel = "DIR")
    String dir;

    @Option(names = "--json", description = "Print JSON: {path: bytes}.")
    boolean json;

    @Override
    protected boolean jsonOutput() {
        return json;
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        String root = dir == null ? "." : dir;
        List<DeviceFs.Entry> entries = new DeviceFs(run.client(), run.device()).walk(List.of(root), true, true);
        String prefix = root.equals(".") ? "" : (root.endsWith("/") ? root : root + "/");
        Map<String, Long> sizes = new LinkedHashMap<>();
        long total = 0;
        for (DeviceFs.Entry e : entries) {
            if (e.kind() == DeviceFs.Kind.ROOT_DIR) {
                continue;
            }
            String rel = e.path().startsWith(prefix) ? e.path().substring(prefix.length()) : e.path();
            String top = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : rel;
            sizes.merge(top, e.size(), Long::sum);
            total += e.size();
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>(sizes);
            m.put("total", total);
            run.out().println(Json.write(m));
            return 0;
        }
        for (Map.Entry<String, Long> s : sizes.entrySet()) {
            run.out().printf("%-10s %s%n", Units.size(s.getValue()), s.getKey());
        }
        run.out().printf("%-10s %s%n", Units.size(total), "total");
        return 0;
    }
}
