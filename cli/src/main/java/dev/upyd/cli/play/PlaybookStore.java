package dev.upyd.cli.play;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.pki.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * upydev's ~/.upydev_playbooks: task files (.yaml) and the scripts they load (.py), so that
 * {@code upyd play battery} runs from any directory. Copies land under a temporary name and are renamed.
 */
public final class PlaybookStore {
    private final Path dir;

    private static final String DIR = ".upydev_playbooks";

    PlaybookStore(Path userHome) {
        this.dir = userHome.resolve(DIR);
    }

    /** Whether {@code name}.yaml is a stored task (so that {@code upyd NAME} plays it, as upydev does). */
    public static boolean has(Path userHome, String name) {
        return java.nio.file.Files.isRegularFile(userHome.resolve(DIR).resolve(name + ".yaml"));
    }

    Path dir() {
        return dir;
    }

    /** upydev: a name that does not end in .yaml is a task of the store. */
    Path resolve(Path cwd, String arg) {
        return arg.endsWith(".yaml") || arg.endsWith(".yml") ? cwd.resolve(arg) : dir.resolve(arg + ".yaml");
    }

    int add(Path cwd, List<String> files, PrintWriter out) {
        int code = Main.ExitCodes.OK;
        for (String f : files) {
            Path src = cwd.resolve(f);
            String name = src.getFileName().toString();
            boolean task = name.endsWith(".yaml") || name.endsWith(".yml");
            if (!task && !name.endsWith(".py")) {
                throw new CliException(Main.ExitCodes.USAGE, f + ": only task files (.yaml) and their scripts (.py) can be added");
            }
            if (!Files.isRegularFile(src)) {
                out.println("play: No such file: " + f);
                code = Main.ExitCodes.LOCAL_IO;
                continue;
            }
            if (task) {
                Playbook.read(src); // a broken task file is refused now, not when it is played
            }
            copy(src, dir.resolve(name));
            out.println(name + (task ? " added to upydev tasks." : " added to upydev tasks scripts."));
        }
        return code;
    }

    int remove(List<String> names, PrintWriter out) {
        int code = Main.ExitCodes.OK;
        for (String n : names) {
            if (n.contains("/") || n.equals("..") || n.equals(".")) {
                throw new CliException(Main.ExitCodes.USAGE, n + ": name a task or script of " + dir + ", not a path");
            }
            Path p = dir.resolve(n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".py") ? n : n + ".yaml");
            try {
                if (Files.deleteIfExists(p)) {
                    out.println(p.getFileName() + " file removed.");
                } else {
                    out.println("play: No such task file: " + p);
                    code = Main.ExitCodes.LOCAL_IO;
                }
            } catch (IOException e) {
                throw new CliException(Main.ExitCodes.LOCAL_IO, "cannot remove " + p + ": " + e.getMessage());
            }
        }
        return code;
    }

    void list(PrintWriter out) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".py"))
                    .sorted().forEach(out::println);
        } catch (IOException e) {
            throw new CliException(Main.ExitCodes.LOCAL_IO, "cannot list " + dir + ": " + e.getMessage());
        }
    }

    private void copy(Path src, Path target) {
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(target, Files.readAllBytes(src), "rw-r--r--");
        } catch (IOException e) {
            throw new CliException(Main.ExitCodes.LOCAL_IO, "cannot copy " + src + " to " + target + ": " + e.getMessage());
        }
    }
}
