package dev.upyd.cli.firmware;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.transfer.LocalFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "mpyx", mixinStandardHelpOptions = true,
        description = {"Freeze .py files to bytecode with mpy-cross: FILE.py becomes FILE.mpy beside it (upload it with"
                + " put; import it as FILE). Local only, no device involved.",
                "mpy-cross is UPYD_MPY_CROSS, else mpy-cross on PATH, else the WebAssembly build in tools/mpy-cross"
                + " (installed by scripts/setup.sh; .mpy version 6, for MicroPython 1.19 to 1.2x).",
                "Differences from upydev: patterns are expanded here too ('*.py'), paths in other directories work, the"
                + " name printed is the real output file; the .mpy is written under a temporary name and renamed, so a"
                + " failed compile leaves no (or the previous) .mpy. Exit 1 when mpy-cross refused a file (its message is"
                + " shown), 6 when a file is missing or mpy-cross is not found."})
public final class MpyxCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE.py", description = "Files or patterns.")
    List<String> files = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path cwd = main.settings().cwd();
        List<Path> sources = new ArrayList<>();
        int code = Main.ExitCodes.OK;
        for (String pattern : files) {
            try {
                sources.addAll(LocalFiles.expand(cwd, List.of(pattern)));
            } catch (CliException e) {
                err.println("File not found, indicate a valid file: " + pattern);
                code = Main.ExitCodes.LOCAL_IO;
            }
        }
        MpyCross tool = sources.isEmpty() ? null : MpyCross.locate(main.settings());
        for (Path src : sources) {
            int c = compile(tool, cwd, src, out, err);
            if (code == Main.ExitCodes.OK) {
                code = c;
            }
        }
        return code;
    }

    /** The path as the user thinks of it: relative below the working directory, else absolute. */
    private static String shown(Path cwd, Path p) {
        Path a = p.toAbsolutePath().normalize();
        return a.startsWith(cwd) ? LocalFiles.rel(cwd, a) : a.toString();
    }

    private static int compile(MpyCross tool, Path cwd, Path src, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        String shown = shown(cwd, src);
        String name = src.getFileName().toString();
        if (!name.endsWith(".py") || !Files.isRegularFile(src)) {
            err.println("upyd: " + shown + ": not a .py file");
            return Main.ExitCodes.USAGE;
        }
        Path target = src.resolveSibling(name.substring(0, name.length() - 3) + ".mpy");
        out.println("Frozing " + shown + " to bytecode with mpy-cross");
        out.flush();
        Path tmp = Files.createTempFile(src.toAbsolutePath().getParent(), "." + name + ".", ".mpy.tmp");
        try {
            MpyCross.Result r = tool.compile(src, tmp);
            if (!r.output().isEmpty()) {
                err.print(r.output().endsWith("\n") ? r.output() : r.output() + "\n");
                err.flush();
            }
            if (r.exitCode() != 0 || Files.size(tmp) == 0) {
                out.println("Process failed.");
                return Main.ExitCodes.DEVICE_EXCEPTION;
            }
            try {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its default permissions stand
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            out.println("Process successful, bytecode in : " + shown(cwd, target));
            return Main.ExitCodes.OK;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
