package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.device.DeviceFs;
import dev.upyd.cli.transfer.DeviceGlob;
import dev.upyd.cli.transfer.FileTransfers;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Download files or patterns from the device into the local cwd (SHA-256 verified against the device;",
                "lands under a temp name, renamed when verified). In a group fan-out each device gets a sub-directory.",
                "Always the WebREPL WA/WB GET, pipelined by the daemon over the held session;",
                "upydev's \"fast get\" (rcat over the raw socket, needs wss_repl on the board)",
                "is not used, so -fg and -b are accepted for upydev's command lines and",
                "change nothing."})
public final class GetCommand extends DeviceCommand {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Device files or patterns (*.py, lib/*.py).")
    List<String> files;

    @Option(names = "-dir", paramLabel = "DIR", description = "Device directory the names are relative to.")
    String dir;

    @Option(names = {"-o", "--into"}, paramLabel = "LOCALDIR", description = "Local directory (default: cwd).")
    Path into;

    @Option(names = "-d", paramLabel = "N", description = {"Depth search (upydev -d): also look for each pattern N-1",
            "directory levels down (PAT, */PAT, */*/PAT ...); files land under their basename."})
    int depth;

    @Option(names = "-fg", description = "upydev: use the WA/WB GET instead of fast get. upyd always does: no effect.")
    boolean waGet;

    @Option(names = "-b", paramLabel = "N", description = "upydev's fast-get buffer (bytes, > 0; default 512): not used, no effect.")
    int buffer = 512;

    @Option(names = "--no-verify", description = "Skip the device-side SHA-256 check.")
    boolean noVerify;

    /** Bad numbers are usage errors before any daemon connection, so the answer does not depend on one. */
    @Override
    public Integer call() throws Exception {
        if (buffer <= 0) {
            throw new CliException(Main.ExitCodes.USAGE, "get -b must be a positive number of bytes, not " + buffer);
        }
        if (depth < 0) {
            throw new CliException(Main.ExitCodes.USAGE, "get -d must be 0 or more levels, not " + depth);
        }
        return super.call();
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        DeviceFs fs = new DeviceFs(run.client(), run.device());
        Path target = into == null ? run.settings().cwd() : run.settings().cwd().resolve(into);
        if (run.grouped()) {
            target = target.resolve(run.device()); // upydev -gf: one folder per device, no clobbering
        }
        List<String> remote = new DeviceGlob(fs, run.device()).files(files, dir, depth);
        Map<String, String> byLocalName = new HashMap<>();
        for (String r : remote) {
            String clash = byLocalName.put(basename(r), r);
            if (clash != null) {
                // upydev silently keeps the last one; losing a file without a word is worse than refusing
                throw new CliException(Main.ExitCodes.USAGE, run.device() + ": " + clash + " and " + r
                        + " would both land as " + target.resolve(basename(r)) + "; get them one at a time with -o");
            }
        }
        FileTransfers t = new FileTransfers(run);
        try (Interrupts i = run.grouped() ? null : Interrupts.cancelling(run.client())) {
            for (String r : remote) {
                t.get(r, target.resolve(basename(r)), !noVerify);
            }
        }
        return 0;
    }

    private static String basename(String remote) {
        return remote.substring(remote.lastIndexOf('/') + 1);
    }
}
