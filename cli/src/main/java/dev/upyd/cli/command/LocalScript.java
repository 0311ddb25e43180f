package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code load:} of a playbook task or a device test: a local script, or (as upydev allows) a snippet of
 * Python given in its place. upydev looks for the file in the working directory; upyd also looks beside the
 * YAML file. Text that names no file runs as a snippet, but a missing {@code NAME.py} is an error, not Python.
 *
 * @param file the script read, or null for a snippet
 */
public record LocalScript(Path file, String code) {
    private static final int MAX_PATH = 4096;

    public static LocalScript of(String load, Path cwd, Path yamlDir) {
        for (Path p : candidates(load, cwd, yamlDir)) {
            if (Files.isRegularFile(p)) {
                try {
                    return new LocalScript(p, Files.readString(p, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new CliException(Main.ExitCodes.LOCAL_IO, "cannot read " + p + ": " + e.getMessage());
                }
            }
        }
        if (load.strip().matches("[^\\s()=;'\"]+\\.(py|mpy)")) {
            throw new CliException(Main.ExitCodes.LOCAL_IO, "load: " + load + ": no such file (looked in " + cwd
                    + " and " + yamlDir + ")");
        }
        return new LocalScript(null, load.endsWith("\n") ? load : load + "\n");
    }

    private static List<Path> candidates(String load, Path cwd, Path yamlDir) {
        if (load.contains("\n") || load.length() > MAX_PATH) {
            return List.of();
        }
        try {
            return List.of(cwd.resolve(load), yamlDir.resolve(load));
        } catch (InvalidPathException e) {
            return List.of();
        }
    }
}
