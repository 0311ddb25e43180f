package dev.upyd.cli.devicecmd;

import dev.upyd.cli.command.DeviceRun;
import dev.upyd.cli.devicecmd.ModuleInstaller.Outcome;
import dev.upyd.cli.devicecmd.ModuleInstaller.Report;
import dev.upyd.cli.devicecmd.ModuleInstaller.Status;
import dev.upyd.cli.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints an {@code update_upyutils} report: one line per module and a summary, or one JSON object. */
final class InstallOutput {
    private InstallOutput() {
    }

    static void print(DeviceRun run, Report r, boolean json) {
        if (json) {
            List<Map<String, Object>> mods = new ArrayList<>();
            for (Outcome o : r.modules()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", o.module().name());
                m.put("file", o.module().fileName());
                m.put("path", o.module().devicePath());
                m.put("version", o.module().version());
                m.put("status", o.status().name().toLowerCase(Locale.ROOT));
                m.put("bytes", o.bytes() < 0 ? null : o.bytes());
                m.put("sha256", o.sha256());
                m.put("error", o.detail().isEmpty() ? null : o.detail());
                mods.add(m);
            }
            Map<String, Object> top = new LinkedHashMap<>();
            top.put("device", run.device());
            top.put("createdDirs", r.createdDirs());
            top.put("modules", mods);
            top.put("uploaded", r.count(Status.UPLOADED));
            top.put("unchanged", r.count(Status.UNCHANGED));
            top.put("failed", r.count(Status.FAILED));
            run.out().println(Json.write(top));
            return;
        }
        for (String d : r.createdDirs()) {
            run.out().println("created " + run.device() + ":" + d);
        }
        int wFile = r.modules().stream().mapToInt(o -> o.module().fileName().length()).max().orElse(0);
        int wPath = r.modules().stream().mapToInt(o -> o.module().devicePath().length()).max().orElse(0);
        for (Outcome o : r.modules()) {
            String status = o.status().name().toLowerCase(Locale.ROOT);
            String tail = switch (o.status()) {
                case UPLOADED -> o.bytes() + " bytes  sha256 ok";
                case UNCHANGED -> "";
                case FAILED -> o.detail();
            };
            String line = String.format("%-" + wFile + "s  -> %s:%-" + wPath + "s  %-9s  %s", o.module().fileName(),
                    run.device(), o.module().devicePath(), status, tail).stripTrailing();
            (o.status() == Status.FAILED ? run.err() : run.out()).println(line);
        }
        run.out().println(run.device() + ": " + r.count(Status.UPLOADED) + " uploaded, " + r.count(Status.UNCHANGED)
                + " unchanged, " + r.count(Status.FAILED) + " failed");
    }
}
