package dev.upyd.cli.devicecmd;

import dev.upyd.cli.command.DeviceRun;
import dev.upyd.cli.devicecmd.ModuleManifest.Module;
import dev.upyd.cli.transfer.LocalFiles;
import dev.upyd.cli.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code device status}: which of upyd's modules a device has, in which version, and whether boot.py starts wss. */
final class ModuleStatus {
    /** The first bytes of boot.py that are looked at; a board's boot.py is far smaller. */
    static final int BOOT_TEXT_BYTES = 16 * 1024;

    private ModuleStatus() {
    }

    static int show(DeviceRun run, ModuleManifest manifest, boolean json) throws IOException {
        List<Module> modules = manifest.modules();
        DeviceSurvey s = DeviceSurvey.take(run.client(), run.device(), modules.stream().map(Module::devicePath).toList(),
                BOOT_TEXT_BYTES);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Module m : modules) {
            DeviceSurvey.Present p = s.modules().get(m.devicePath());
            String hostSha = hostSha(manifest, m);
            String state = p == null || !p.exists() ? "missing" : hostSha.equals(p.sha256()) ? "current" : "differs";
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", m.name());
            r.put("path", m.devicePath());
            r.put("state", state);
            r.put("version", p == null || !p.exists() ? null : p.version());
            r.put("hostVersion", m.version());
            r.put("size", p == null || !p.exists() ? null : p.size());
            r.put("sha256", p == null ? null : p.sha256());
            rows.add(r);
        }
        boolean hasBoot = s.has(DeviceSurvey.BOOT);
        boolean enabled = hasBoot && s.bootText() != null && BootPatch.isEnabled(s.bootText());
        Map<String, Object> files = new LinkedHashMap<>();
        for (String f : new String[] {s.keyFile(), s.certFile(), DeviceSurvey.CA, DeviceSurvey.BACKUP}) {
            if (f != null) {
                files.put(f, s.has(f));
            }
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("device", run.device());
            o.put("uid", s.uid());
            o.put("modules", rows);
            o.put("bootPy", hasBoot);
            o.put("wssEnabled", enabled);
            o.put("files", files);
            run.out().println(Json.write(o));
            return 0;
        }
        String[] head = {"MODULE", "PATH", "ON DEVICE", "IN upyd", "STATE"};
        List<String[]> table = new ArrayList<>();
        table.add(head);
        for (Map<String, Object> r : rows) {
            table.add(new String[] {(String) r.get("name"), (String) r.get("path"),
                    r.get("version") == null ? "-" : (String) r.get("version"), (String) r.get("hostVersion"),
                    (String) r.get("state")});
        }
        int[] w = new int[head.length];
        for (String[] row : table) {
            for (int i = 0; i < row.length; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        for (String[] row : table) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                sb.append(i == row.length - 1 ? row[i] : String.format("%-" + (w[i] + 2) + "s", row[i]));
            }
            run.out().println(sb.toString().stripTrailing());
        }
        run.out().println("wss at boot: " + (enabled ? "enabled (/boot.py starts upyd_wss)"
                : hasBoot ? "not enabled (run `upyd set_wss -@ " + run.device() + "`)" : "not enabled (no /boot.py)"));
        StringBuilder f = new StringBuilder("TLS files:");
        if (s.uid() == null) {
            f.append(" unknown (no machine.unique_id())");
        }
        files.forEach((k, v) -> {
            if (!k.equals(DeviceSurvey.BACKUP)) {
                f.append(' ').append(k).append(Boolean.TRUE.equals(v) ? " ok," : " MISSING,");
            }
        });
        run.out().println(f.toString().replaceAll(",$", ""));
        return 0;
    }

    private static String hostSha(ModuleManifest manifest, Module m) {
        try {
            return LocalFiles.sha256(manifest.localFile(m));
        } catch (IOException e) {
            return m.sha256();
        }
    }
}
