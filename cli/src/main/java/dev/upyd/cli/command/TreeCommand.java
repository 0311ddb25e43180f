package dev.upyd.cli.command;

import dev.upyd.cli.device.DeviceFs;
import dev.upyd.cli.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tree", mixinStandardHelpOptions = true, description = "Show a directory of the device as a tree.")
public final class TreeCommand extends DeviceCommand {
    @Parameters(arity = "0..1", paramLabel = "DIR")
    String dir;

    @Option(names = "-a", description = "Include hidden files.")
    boolean all;

    @Option(names = "--json", description = "Print JSON: [{path, dir, size}].")
    boolean json;

    @Override
    protected boolean jsonOutput() {
        return json;
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        String root = dir == null ? "." : dir;
        List<DeviceFs.Entry> entries = new DeviceFs(run.client(), run.device()).walk(List.of(root), true, all);
        if (json) {
            List<Object> out = new ArrayList<>();
            for (DeviceFs.Entry e : entries) {
                if (e.kind() == DeviceFs.Kind.ROOT_DIR) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", e.path());
                m.put("dir", e.isDir());
                m.put("size", e.size());
                out.add(m);
            }
            run.out().println(Json.write(out));
            return 0;
        }
        run.out().println(new TreeRenderer(new Style(run)).render(root, entries));
        return 0;
    }
}
