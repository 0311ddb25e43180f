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

@Command(name = "ls", mixinStandardHelpOptions = true, description = "List files on the device (directories end in /).")
public final class LsCommand extends DeviceCommand {
    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Paths or patterns (default: the device cwd).")
    List<String> paths = new ArrayList<>();

    @Option(names = "-a", description = "Include hidden files.")
    boolean all;

    @Option(names = "--json", description = "Print JSON: [{path, name, dir, size}].")
    boolean json;

    @Override
    protected boolean jsonOutput() {
        return json;
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        DeviceFs fs = new DeviceFs(run.client(), run.device());
        List<String> roots = paths.isEmpty() ? List.of(".") : fs.expand(paths, null);
        List<DeviceFs.Entry> entries = fs.walk(roots, false, all);
        Style style = new Style(run);
        if (json) {
            List<Object> out = new ArrayList<>();
            for (DeviceFs.Entry e : entries) {
                if (e.kind() == DeviceFs.Kind.ROOT_DIR) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", e.path());
                m.put("name", e.path().substring(e.path().lastIndexOf('/') + 1));
                m.put("dir", e.isDir());
                m.put("size", e.size());
                out.add(m);
            }
            run.out().println(Json.write(out));
            return 0;
        }
        boolean several = roots.size() > 1;
        for (DeviceFs.Entry e : entries) {
            String name = e.path().substring(e.path().lastIndexOf('/') + 1);
            switch (e.kind()) {
                case ROOT_DIR -> {
                    if (several) {
                        run.out().println(e.path() + ":");
                    }
                }
                case ROOT_FILE -> run.out().println(e.path());
                case DIR -> run.out().println(style.dir(name + "/"));
                case FILE -> run.out().println(name);
                default -> throw new IllegalStateException();
            }
        }
        run.out().flush();
        return 0;
    }
}
