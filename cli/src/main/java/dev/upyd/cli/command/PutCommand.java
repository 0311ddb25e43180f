package dev.upyd.cli.command;

import dev.upyd.cli.device.DeviceCode;
import dev.upyd.cli.device.DeviceFs;
import dev.upyd.cli.transfer.FileTransfers;
import dev.upyd.cli.transfer.LocalFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "put", mixinStandardHelpOptions = true,
        description = {"Upload files, patterns or directories to the device (SHA-256 verified; lands under a temp name, then renamed).",
                "Progress bar with rate and ETA on a terminal."})
public final class PutCommand extends DeviceCommand {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Local files, patterns (*.py) or directories.")
    List<String> files;

    @Option(names = "-dir", paramLabel = "DIR", description = "Device directory to put the files in (default: the device cwd).")
    String dir;

    @Option(names = "--no-verify", description = "Skip the device-side SHA-256 check.")
    boolean noVerify;

    @Option(names = "-rst", description = {"Soft reset after the put (upydev -rst) and wait until the daemon has the",
            "device online again (at most UPYD_RECONNECT_WAIT_S, default 60 s; exit 3 if it is not back)."})
    boolean reset;

    @Override
    public int runOn(DeviceRun run) throws Exception {
        Map<Path, String> plan = new LinkedHashMap<>();
        List<String> dirs = new ArrayList<>();
        for (Path p : LocalFiles.expand(run.settings().cwd(), files)) {
            String base = dir == null ? p.getFileName().toString() : DeviceFs.join(dir, p.getFileName().toString());
            if (Files.isDirectory(p)) {
                dirs.add(base);
                for (Path q : LocalFiles.walk(p)) {
                    String r = DeviceFs.join(base, LocalFiles.rel(p, q));
                    if (Files.isDirectory(q)) {
                        dirs.add(r);
                    } else {
                        plan.put(q, r);
                    }
                }
            } else {
                plan.put(p, base);
            }
        }
        if (!dirs.isEmpty()) {
            run.client().eval(run.device(), DeviceCode.mkdirs(dirs));
        }
        FileTransfers t = new FileTransfers(run);
        if (run.grouped()) {
            for (Map.Entry<Path, String> e : plan.entrySet()) {
                t.put(e.getKey(), e.getValue(), !noVerify);
            }
        } else {
            try (Interrupts i = Interrupts.cancelling(run.client())) {
                for (Map.Entry<Path, String> e : plan.entrySet()) {
                    t.put(e.getKey(), e.getValue(), !noVerify);
                }
            }
        }
        if (reset) {
            // only after every file is verified: a reset must never cut a transfer short
            new SoftReset(run).resetAndAwait(run.settings().reconnectWaitSeconds());
        }
        return 0;
    }
}
