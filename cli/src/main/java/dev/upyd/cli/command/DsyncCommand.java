package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.device.DeviceCode;
import dev.upyd.cli.device.DeviceFs;
import dev.upyd.cli.transfer.DeviceGlob;
import dev.upyd.cli.transfer.FileTransfers;
import dev.upyd.cli.transfer.IgnoreRules;
import dev.upyd.cli.transfer.LocalFiles;
import dev.upyd.cli.transfer.TextDiff;
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
                "Default host -> device; -d device -> host; -rf also deletes what the source no longer has; -n dry run;",
                "-t tree of the source; -f send everything (no device hashing); -p diffs; -i PAT... ignore.",
                "Ignored paths are neither sent nor deleted. Always the WA/WB GET for -d (-fg, -b change nothing)."})
public final class DsyncCommand extends DeviceCommand {
    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Relative files/directories (default: everything in cwd).")
    List<String> paths = new ArrayList<>();

    @Option(names = "-d", description = "Direction device -> host.")
    boolean fromDevice;

    @Option(names = "-rf", description = "Delete on the destination what the source does not have.")
    boolean delete;

    @Option(names = "-n", description = "Dry run: print what would happen.")
    boolean dryRun;

    @Option(names = "-t", description = "Show a tree of the source side first.")
    boolean tree;

    @Option(names = "-f", description = {"Force: no hashing on the device (a plain listing instead); every source file",
            "is sent (or with -d fetched) whether it differs or not."})
    boolean force;

    @Option(names = "-p", description = {"Show a unified diff of each modified file (device copy fetched into memory;",
            "\"binary files ... differ\" for binary ones, files over 256 kB are only named)."})
    boolean showDiff;

    @Option(names = "-i", arity = "1..*", paramLabel = "PAT", description = {"Ignore these paths on both sides: a glob",
            "(*.pyc, lib, tests/*), r!REGEX for a raw regex of the whole path, or upydev's r:PAT form."})
    List<String> ignore = new ArrayList<>();

    @Option(names = "-fg", description = "upydev: no fast get with -d. upyd always uses the WA/WB GET: no effect.")
    boolean waGet;

    @Option(names = "-b", paramLabel = "N", description = "upydev's fast-get buffer (bytes, > 0; default 512): not used, no effect.")
    int buffer = 512;

    @Option(names = "-app", description = "upydev shell's apply-stash: not supported by upyd (exit 2); use -n to preview.")
    boolean applyStash;

    @Option(names = "-s", description = "upydev shell's show-stash: not supported by upyd (exit 2); use -n to preview.")
    boolean showStash;

    /** sha is null when it was not computed (-f). */
    record Item(String path, boolean dir, long size, String sha) {
    }

    /** Refuses what upyd does not do before any daemon connection, so the answer does not depend on one. */
    @Override
    public Integer call() throws Exception {
        if (applyStash || showStash) {
            throw new CliException(Main.ExitCodes.USAGE, "dsync " + (applyStash ? "-app" : "-s")
                    + ": upydev's stash is not supported by upyd: use -n to preview");
        }
        if (buffer <= 0) {
            throw new CliException(Main.ExitCodes.USAGE, "dsync -b must be a positive number of bytes, not " + buffer);
        }
        IgnoreRules.of(ignore); // a bad regex is a usage error now, not after the inventories
        return super.call();
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        Path cwd = run.settings().cwd();
        // upydev writes paths as ./name; the inventories compare them as strings, so one spelling
        List<String> roots = paths.isEmpty() || paths.equals(List.of(".")) || paths.equals(List.of("*"))
                ? List.of(".") : paths.stream().map(DeviceGlob::stripDot).toList();
        IgnoreRules ignored = IgnoreRules.of(ignore);
        // -f compares nothing, so neither side is hashed (a put still verifies its own file)
        Map<String, Item> local = localInventory(cwd, roots, !force);
        DeviceFs fs = new DeviceFs(run.client(), run.device());
        Map<String, Item> device = force ? deviceListing(fs, roots) : deviceInventory(fs, roots);
        local.keySet().removeIf(ignored::ignored);
        device.keySet().removeIf(ignored::ignored);
        Map<String, Item> src = fromDevice ? device : local;
        Map<String, Item> dst = fromDevice ? local : device;
        if (tree) {
            List<DeviceFs.Entry> entries = new ArrayList<>();
            for (Item i : src.values()) {
                entries.add(new DeviceFs.Entry(i.path(), i.dir() ? DeviceFs.Kind.DIR : DeviceFs.Kind.FILE, i.size()));
            }
            run.out().println((fromDevice ? run.device() + ":" : "local:"));
            run.out().println(new TreeRenderer(new Style(run)).render(".", entries));
        }

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
            } else if (force || d.dir() || d.size() != i.size() || !d.sha().equalsIgnoreCase(i.sha())) {
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
        if (showDiff) {
            printDiffs(run, cwd, changed, src, dst);
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

    /**
     * Diffs in the direction of the sync: the destination's copy is the old one ("a/"), the source's the
     * new one ("b/"). With -f a file can be listed as changed and still be equal: then nothing prints.
     */
    private void printDiffs(DeviceRun run, Path cwd, List<String> changed, Map<String, Item> src,
                            Map<String, Item> dst) throws IOException {
        FileTransfers t = new FileTransfers(run);
        for (String f : changed) {
            Item s = src.get(f);
            Item d = dst.get(f);
            if (d.dir()) {
                run.out().println("  " + f + ": a directory is replaced by a file");
                continue;
            }
            byte[] onDevice = s.size() > TextDiff.MAX_BYTES || d.size() > TextDiff.MAX_BYTES ? null
                    : t.fetch(f, TextDiff.MAX_BYTES);
            if (onDevice == null) {
                run.out().print(TextDiff.tooLarge("a/" + f, "b/" + f));
                continue;
            }
            byte[] here = Files.readAllBytes(cwd.resolve(f));
            run.out().print(fromDevice ? TextDiff.of("a/" + f, "b/" + f, here, onDevice)
                    : TextDiff.of("a/" + f, "b/" + f, onDevice, here));
        }
    }

    private static Map<String, Item> deviceInventory(DeviceFs fs, List<String> roots) throws IOException {
        Map<String, Item> device = new LinkedHashMap<>();
        for (DeviceFs.Hashed h : fs.inventory(roots)) {
            if (!hidden(h.path())) {
                device.put(h.path(), new Item(h.path(), h.dir(), h.size(), h.sha256()));
            }
        }
        return device;
    }

    /** -f: names and sizes only, no file is read on the device. Roots the device lacks are skipped. */
    private static Map<String, Item> deviceListing(DeviceFs fs, List<String> roots) throws IOException {
        List<String> present = new ArrayList<>();
        for (String r : roots) {
            if (fs.stat(r) != null) {
                present.add(r);
            }
        }
        Map<String, Item> device = new LinkedHashMap<>();
        if (present.isEmpty()) {
            return device;
        }
        for (DeviceFs.Entry e : fs.walk(present, true, false)) {
            if (e.kind() != DeviceFs.Kind.ROOT_DIR && !hidden(e.path())) {
                String p = DeviceGlob.stripDot(e.path());
                device.put(p, new Item(p, e.isDir(), e.size(), null));
            }
        }
        return device;
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

    static Map<String, Item> localInventory(Path cwd, List<String> roots, boolean hash) throws IOException {
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
                            : new Item(rel, false, Files.size(p), hash ? LocalFiles.sha256(p) : null));
                }
            } else {
                String rel = LocalFiles.rel(cwd, root);
                out.put(rel, new Item(rel, false, Files.size(root), hash ? LocalFiles.sha256(root) : null));
            }
        }
        return out;
    }
}
