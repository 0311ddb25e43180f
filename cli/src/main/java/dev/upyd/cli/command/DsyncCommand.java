package dev.upyd.cli.command;

import dev.upyd.cli.device.DeviceCode;
import dev.upyd.cli.device.DeviceFs;
import dev.upyd.cli.transfer.FileTransfers;
import dev.upyd.cli.transfer.LocalFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * upydev's dsync (spec §7): SHA-256 inventories of both sides, only what differs moves. Paths are
 * relative and compared as strings, so the device cwd corresponds to the local cwd. Hidden entries
 * (names starting with '.') are left out on both sides, so a .git directory never travels.
 */
@Command(name = "dsync", mixinStandardHelpOptions = true,
        description = {"Synchronise local cwd and device cwd: only new/changed files move (SHA-256 inventories).",
                "Default host -> device; -d device -> host; -rf also deletes what the source no longer has; -n dry run."})
public final class DsyncCommand extends DeviceCommand {
    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Relative files/directories (default: everything in cwd).")
    List<String> paths = new ArrayList<>();

    @Option(names = "-d", description = "Direction device -> host.")
    boolean fromDevice;

    @Option(names = "-rf", description = "Delete on the destination what the source does not have.")
    boolean delete;

    @Option(names = "-n", description = "Dry run: print what would happen.")
    boolean dryRun;

    record Item(String path, boolean dir, long size, String sha) {
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        Path cwd = run.settings().cwd();
        List<String> roots = paths.isEmpty() || paths.equals(List.of(".")) || paths.equals(List.of("*"))
                ? List.of(".") : paths;
        Map<String, Item> local = localInventory(cwd, roots);
        Map<String, Item> device = new LinkedHashMap<>();
        for (DeviceFs.Hashed h : new DeviceFs(run.client(), run.device()).inventory(roots)) {
            if (!hidden(h.path())) {
                device.put(h.path(), new Item(h.path(), h.dir(), h.size(), h.sha256()));
            }
        }
        Map<String, Item> src = fromDevice ? device : local;
        Map<String, Item> dst = fromDevice ? local : device;

        List<String> newDirs = new ArrayList<>();
        List<String> goneDirs = new ArrayList<>();
        List<String> newFiles = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> goneFiles = new ArrayList<>();
        for (Item i : src.values()) {
            Item d = dst.get(i.path());
            if (i.dir()) {
                if (d == null || !d.dir()) {
                    newDirs.add(i.path());
                }
            } else if (d == null) {
                newFiles.add(i.path());
            } else if (d.dir() || d.size() != i.size() || !d.sha().equalsIgnoreCase(i.sha())) {
                changed.add(i.path());
            }
        }
        if (delete) {
            for (Item d : dst.values()) {
                Item s = src.get(d.path());
                if (s != null && s.dir() == d.dir()) {
                    continue;
                }
                if (goneDirs.stream().anyMatch(g -> d.path().startsWith(g + "/"))) {
                    continue; // inside a directory that goes as a whole
                }
                if (d.dir()) {
                    goneDirs.add(d.path());
                } else {
                    goneFiles.add(d.path());
                }
            }
            goneFiles.removeIf(f -> goneDirs.stream().anyMatch(g -> f.startsWith(g + "/")));
        }
        PrintWriter out = run.out();
        String arrow = fromDevice ? run.device() + " -> local" : "local -> " + run.device();
        out.println("dsync: " + arrow + (dryRun ? " (dry run)" : ""));
        for (String d : newDirs) {
            out.println("  new dir:   " + d);
        }
        for (String d : goneDirs) {
            out.println("  del dir:   " + d);
        }
        for (String f : newFiles) {
            out.println("  new file:  " + f);
        }
        for (String f : changed) {
            out.println("  changed:   " + f);
        }
        for (String f : goneFiles) {
            out.println("  del file:  " + f);
        }
        if (!dryRun) {
            apply(run, cwd, newDirs, goneDirs, newFiles, changed, goneFiles);
            out.println("dsync: dirs: OK[✔]");
            out.println("dsync: files: OK[✔]");
        }
        out.println(newDirs.size() + " new dirs, " + goneDirs.size() + " dirs deleted");
        out.println(newFiles.size() + " new files, " + changed.size() + " files changed, " + goneFiles.size()
                + " files deleted");
        return 0;
    }

    private void apply(DeviceRun run, Path cwd, List<String> newDirs, List<String> goneDirs, List<String> newFiles,
                       List<String> changed, List<String> goneFiles) throws IOException {
        FileTransfers t = new FileTransfers(run);
        List<String> moving = new ArrayList<>(newFiles);
        moving.addAll(changed);
        if (!fromDevice) {
            if (!newDirs.isEmpty()) {
                run.client().eval(run.device(), DeviceCode.mkdirs(newDirs));
            }
            List<String> gone = new ArrayList<>(goneDirs);
            gone.addAll(goneFiles);
            if (!gone.isEmpty()) {
                run.client().eval(run.device(), DeviceCode.rm(gone, true));
            }
            for (String f : moving) {
                t.put(cwd.resolve(f), f, true);
            }
        } else {
            for (String d : newDirs) {
                Files.createDirectories(cwd.resolve(d));
            }
            for (String f : goneFiles) {
                Files.deleteIfExists(cwd.resolve(f));
            }
            for (String d : goneDirs) {
                deleteTree(cwd.resolve(d));
            }
            for (String f : moving) {
                t.get(f, cwd.resolve(f), true);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    private static boolean hidden(String path) {
        for (String part : path.split("/")) {
            if (part.startsWith(".") && !part.equals(".") && !part.equals("..")) {
                return true;
            }
        }
        return false;
    }

    static Map<String, Item> localInventory(Path cwd, List<String> roots) throws IOException {
        Map<String, Item> out = new LinkedHashMap<>();
        for (String r : roots) {
            Path root = cwd.resolve(r).normalize();
            if (!Files.exists(root)) {
                continue;
            }
            if (Files.isDirectory(root)) {
                for (Path p : LocalFiles.walk(root)) {
                    String rel = LocalFiles.rel(cwd, p);
                    out.put(rel, Files.isDirectory(p) ? new Item(rel, true, 0, "")
                            : new Item(rel, false, Files.size(p), LocalFiles.sha256(p)));
                }
            } else {
                String rel = LocalFiles.rel(cwd, root);
                out.put(rel, new Item(rel, false, Files.size(root), LocalFiles.sha256(root)));
            }
        }
        return out;
    }
}
