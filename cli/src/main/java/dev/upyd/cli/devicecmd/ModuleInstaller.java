package dev.upyd.cli.devicecmd;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.command.DeviceRun;
import dev.upyd.cli.devicecmd.ModuleManifest.Module;
import dev.upyd.cli.transfer.LocalFiles;
import dev.upyd.cli.transfer.ProgressBar;
import dev.upyd.protocol.pylit.PyTuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code update_upyutils}: puts upyd's device modules on a device, sending only those whose SHA-256 on
 * the device differs from the host file. The device hashes its copies itself (stock {@code hashlib}, one
 * Exec for all of them) so nothing is read back over the link. Each upload goes through the daemon's
 * PutFile, which lands the bytes under a temporary name and renames them only when complete, so an
 * upload cut short leaves the previous version in place; the hash is checked again afterwards.
 */
final class ModuleInstaller {
    enum Status { UPLOADED, UNCHANGED, FAILED }

    /** What happened to one module; {@code exitCode} is 0 unless it failed. */
    record Outcome(Module module, Status status, long bytes, String sha256, String detail, int exitCode) {
    }

    /** The whole run on one device. */
    record Report(List<String> createdDirs, List<Outcome> modules) {
        long count(Status s) {
            return modules.stream().filter(o -> o.status() == s).count();
        }

        /** 0, else the first failure's exit code. */
        int exitCode() {
            return modules.stream().filter(o -> o.status() == Status.FAILED).mapToInt(Outcome::exitCode)
                    .findFirst().orElse(Main.ExitCodes.OK);
        }
    }

    private final DeviceRun run;
    private final ModuleManifest manifest;

    ModuleInstaller(DeviceRun run, ModuleManifest manifest) {
        this.run = run;
        this.manifest = manifest;
    }

    Report install(List<Module> selected) throws IOException {
        Map<Module, String> localSha = new LinkedHashMap<>();
        List<Outcome> results = new ArrayList<>();
        for (Module m : selected) {
            Path f = manifest.localFile(m);
            try {
                String sha = LocalFiles.sha256(f);
                if (!sha.equals(m.sha256())) {
                    // a module edited in the checkout: the file is what gets installed, but say so, since
                    // a corrupt checkout looks the same
                    run.err().println("upyd: warning: " + f + " has SHA-256 " + sha + ", manifest.json says "
                            + m.sha256() + "; installing the file as it is");
                }
                localSha.put(m, sha);
            } catch (NoSuchFileException e) {
                results.add(failed(m, "missing on this host: " + f, Main.ExitCodes.LOCAL_IO));
            } catch (IOException e) {
                results.add(failed(m, "cannot read " + f + ": " + e.getMessage(), Main.ExitCodes.LOCAL_IO));
            }
        }
        List<Module> wanted = new ArrayList<>(localSha.keySet());
        List<String> paths = wanted.stream().map(Module::devicePath).toList();
        List<String> created = new ArrayList<>();
        Map<String, String> onDevice = new LinkedHashMap<>();
        if (!wanted.isEmpty()) {
            String out = run.client().eval(run.device(), ModuleCode.prepareAndHash(parentDirs(paths), paths));
            for (PyTuple t : DeviceReplies.tuples(run.device(), out)) {
                if ("mkdir".equals(t.get(0))) {
                    created.add(DeviceReplies.str(t, 1));
                } else if ("sha".equals(t.get(0))) {
                    onDevice.put(DeviceReplies.str(t, 1), DeviceReplies.str(t, 2));
                }
            }
        }
        List<Module> sent = new ArrayList<>();
        Outcome abort = null;
        for (Module m : wanted) {
            String sha = localSha.get(m);
            if (sha.equals(onDevice.get(m.devicePath()))) {
                results.add(new Outcome(m, Status.UNCHANGED, fileSize(m), sha, "", 0));
            } else if (abort != null) {
                results.add(failed(m, "not sent: " + abort.detail(), abort.exitCode()));
            } else {
                Outcome o = upload(m, sha);
                if (o != null) {
                    results.add(o);
                    if (o.exitCode() == Main.ExitCodes.UNREACHABLE || o.exitCode() == Main.ExitCodes.NO_DAEMON
                            || o.exitCode() == Main.ExitCodes.INTERRUPTED) {
                        abort = o; // the link is gone: the rest would fail the same way, one timeout each
                    }
                } else {
                    sent.add(m);
                }
            }
        }
        results.addAll(verify(sent, localSha));
        List<Outcome> ordered = new ArrayList<>();
        for (Module m : selected) {
            results.stream().filter(o -> o.module().equals(m)).findFirst().ifPresent(ordered::add);
        }
        return new Report(created, ordered);
    }

    /** null when the daemon accepted the file, else the failure. */
    private Outcome upload(Module m, String sha) throws IOException {
        Path f = manifest.localFile(m);
        ProgressBar bar = new ProgressBar(run.err(), "put " + m.devicePath(), run.terminal(),
                run.settings().progressIntervalMillis());
        DaemonClient.Outcome o;
        try (InputStream in = Files.newInputStream(f)) {
            o = run.client().put(run.device(), m.devicePath(), in, Files.size(f), HexFormat.of().parseHex(sha),
                    run.settings().chunkBytes(), bar);
        } catch (CliException e) {
            return failed(m, e.getMessage(), e.exitCode());
        } finally {
            bar.finish();
        }
        if (o.ok()) {
            return null;
        }
        return failed(m, o.message().isEmpty() ? "upload failed" : o.message(),
                o.exitCode() != 0 ? o.exitCode() : Main.ExitCodes.DEVICE_EXCEPTION);
    }

    /** The device hashes what it stored: one Exec for every uploaded module. */
    private List<Outcome> verify(List<Module> sent, Map<Module, String> localSha) throws IOException {
        List<Outcome> out = new ArrayList<>();
        if (sent.isEmpty()) {
            return out;
        }
        Map<String, String> onDevice = new LinkedHashMap<>();
        try {
            String text = run.client().eval(run.device(), ModuleCode.hashes(sent.stream().map(Module::devicePath).toList()));
            for (PyTuple t : DeviceReplies.tuples(run.device(), text)) {
                onDevice.put(DeviceReplies.str(t, 1), DeviceReplies.str(t, 2));
            }
        } catch (CliException e) {
            for (Module m : sent) {
                out.add(failed(m, "uploaded, but the check afterwards failed: " + e.getMessage(), e.exitCode()));
            }
            return out;
        }
        for (Module m : sent) {
            String want = localSha.get(m);
            String got = onDevice.get(m.devicePath());
            if (want.equals(got)) {
                out.add(new Outcome(m, Status.UPLOADED, fileSize(m), want, "", 0));
            } else {
                out.add(failed(m, "after upload the device has SHA-256 " + got + ", expected " + want,
                        Main.ExitCodes.INTEGRITY));
            }
        }
        return out;
    }

    private long fileSize(Module m) {
        try {
            return Files.size(manifest.localFile(m));
        } catch (IOException e) {
            return -1;
        }
    }

    private static Outcome failed(Module m, String why, int code) {
        return new Outcome(m, Status.FAILED, -1, null, why, code);
    }

    /** Every ancestor directory of the paths, parents first ("/lib", "/lib/x"); the root is never made. */
    static List<String> parentDirs(List<String> paths) {
        Set<String> dirs = new LinkedHashSet<>();
        for (String p : paths) {
            int i = 0;
            while ((i = p.indexOf('/', i + 1)) > 0) {
                dirs.add(p.substring(0, i));
            }
        }
        return new ArrayList<>(dirs);
    }
}
