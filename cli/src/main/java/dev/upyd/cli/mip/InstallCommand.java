package dev.upyd.cli.mip;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.command.DeviceCommand;
import dev.upyd.cli.command.DeviceRun;
import dev.upyd.cli.device.DeviceCode;
import dev.upyd.cli.util.PyStr;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "install", mixinStandardHelpOptions = true,
        description = {"Install MicroPython packages with mip's protocol: PKG[@VERSION] from the index (micropython-lib"
                + " by default), github:org/repo[/path][@branch], gitlab:..., an http(s) URL of a .py/.mpy file or a"
                + " package.json, or a local package.json. Files go to the first sys.path entry ending in /lib"
                + " (--target to choose); a file the device already has with the same SHA-256 is not sent again.",
                "upyd differs: upydev runs upip/mip ON the board, which needs the board to reach the internet; upyd"
                        + " fetches on the host (like mpremote), checks each file against the index's hash, and only"
                        + " then writes through the daemon's held session (each file under a temporary name first, so an"
                        + " interrupted install never leaves a truncated file)."})
public final class InstallCommand extends DeviceCommand {
    @Parameters(arity = "1..*", paramLabel = "PKG", description = "Packages: name, name@version, github:org/repo@branch, URL.")
    List<String> packages = new ArrayList<>();

    @Option(names = {"-i", "--index"}, paramLabel = "URL", description = "Package index (default: UPYD_MIP_INDEX, else micropython-lib).")
    String index;

    @Option(names = {"-t", "--target"}, paramLabel = "DIR", description = "Device directory for the files (default: the /lib of sys.path).")
    String target;

    @Option(names = {"-m", "--mpy"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Prefer .mpy files of the device's bytecode version (--no-mpy: .py sources).")
    boolean mpy;

    @Override
    public Integer call() throws Exception {
        if (target != null && !target.matches("/[A-Za-z0-9_./-]*")) {
            throw new CliException(Main.ExitCodes.USAGE, "--target " + target + ": an absolute device directory, e.g. /lib");
        }
        return super.call();
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        PrintWriter out = run.out();
        String[] facts = run.client().eval(run.device(), "import sys\nprint(getattr(sys.implementation,'_mpy',0)&0xFF)\n"
                + "print('|'.join(p for p in sys.path if p.endswith('/lib')))").strip().split("\n");
        String mpyVersion = mpy && !facts[0].strip().equals("0") ? facts[0].strip() : "py";
        String dir = target != null ? target.replaceAll("/+$", "") : facts.length > 1 && !facts[1].isBlank()
                ? facts[1].strip().split("\\|")[0] : null;
        if (dir == null || dir.isEmpty()) {
            throw new CliException(Main.ExitCodes.USAGE, "Unable to find lib dir in sys.path, use --target to override");
        }
        String idx = index != null ? index : run.settings().mipIndex();
        MipResolver resolver = new MipResolver(new MipFetcher(Duration.ofSeconds(run.settings().mipTimeoutSeconds())),
                idx, mpyVersion, dir, out);
        try {
            for (String p : packages) {
                out.println("Install " + p);
                resolver.add(p);
            }
        } catch (MipException e) {
            throw new CliException(e.integrity() ? Main.ExitCodes.INTEGRITY : Main.ExitCodes.USAGE, e.getMessage()
                    + " (nothing was written to " + run.device() + ")");
        }
        return write(run, dir, resolver.files());
    }

    /** Sends what differs from the device's copy; mip's Exists:/Copying: lines. */
    private static int write(DeviceRun run, String dir, List<MipResolver.PlannedFile> files) throws Exception {
        PrintWriter out = run.out();
        List<String> paths = files.stream().map(f -> dir + "/" + f.path()).toList();
        String[] onDevice = run.client().eval(run.device(), hashes(paths)).strip().split("\n");
        Set<String> dirs = new LinkedHashSet<>();
        List<Integer> send = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (i < onDevice.length && onDevice[i].strip().equals(files.get(i).sha256())) {
                out.println("Exists: " + paths.get(i));
            } else {
                send.add(i);
                dirs.add(paths.get(i).substring(0, paths.get(i).lastIndexOf('/')));
            }
        }
        if (!dirs.isEmpty()) {
            run.client().eval(run.device(), DeviceCode.mkdirs(new ArrayList<>(dirs)));
        }
        for (int i : send) {
            MipResolver.PlannedFile f = files.get(i);
            out.println("Copying: " + paths.get(i));
            out.flush();
            DaemonClient.Outcome o = run.client().put(run.device(), paths.get(i), new ByteArrayInputStream(f.content()),
                    f.content().length, HexFormat.of().parseHex(f.sha256()), run.settings().chunkBytes(), (d, t) -> { });
            if (!o.ok()) {
                out.println("Package may be partially installed");
                out.flush();
                throw new CliException(o.exitCode() == 0 ? Main.ExitCodes.DEVICE_EXCEPTION : o.exitCode(),
                        run.device() + ": " + paths.get(i) + ": " + o.message());
            }
        }
        out.println("Done (" + send.size() + " copied, " + (files.size() - send.size()) + " unchanged)");
        out.flush();
        return 0;
    }

    /** The SHA-256 hex of each path on the device, "-" where there is no such file. */
    private static String hashes(List<String> paths) {
        return "import hashlib\n"
                + "def _uh(q):\n"
                + " try:\n"
                + "  f=open(q,'rb')\n"
                + " except OSError:\n"
                + "  return '-'\n"
                + " h=hashlib.sha256()\n"
                + " while True:\n"
                + "  c=f.read(512)\n"
                + "  if not c:\n"
                + "   break\n"
                + "  h.update(c)\n"
                + " f.close()\n"
                + " return ''.join('%02x'%b for b in h.digest())\n"
                + "for _up in " + PyStr.list(paths) + ":\n"
                + " print(_uh(_up))\n";
    }
}
