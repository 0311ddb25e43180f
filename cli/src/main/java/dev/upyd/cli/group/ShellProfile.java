package dev.upyd.cli.group;

import dev.upyd.cli.CliException;
import dev.upyd.cli.CliSettings;
import dev.upyd.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell start-up file where {@code register} puts its functions, in upydev's block format so that upydev's
 * {@code lsdevs} and upyd's read each other's:
 * <pre>
 *
 * #UPYDEV DEVICE esp_room1
 * function room1() { upyd "$@" -@ esp_room1; }
 * </pre>
 * ({@code #UPYDEV GROUP G} for a group). upydev also writes two argcomplete lines per block; they are dropped when a
 * block is replaced, since they call upydev's Python completer. Registering a name again replaces its block instead
 * of appending a second definition.
 */
public final class ShellProfile {
    /** Names end up in shell code: nothing but these characters, so no registration can inject a command. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");
    private static final Pattern HEADER = Pattern.compile("#UPYDEV (DEVICE|GROUP) (\\S+)\\s*");
    private static final Pattern FUNCTION = Pattern.compile("function (\\S+)\\(\\) \\{ \\S+ \"\\$@\" -@ ([^;]*); }\\s*");

    /** One registration: the function's name, devices, and whether upydev's header says GROUP. */
    public record Entry(String header, String function, List<String> devices, boolean group) {
    }

    private final Path file;

    private ShellProfile(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * {@code -s FILE} (a leading {@code ~/} is expanded), else {@code ~/.profile} when it exists, else
     * {@code ~/.bashrc} when it exists (upydev writes {@code ~/.brashrc} there, a typo), else a new
     * {@code ~/.profile} (upydev writes {@code upydevs_config.sh} in the working directory, which no shell reads).
     */
    public static ShellProfile locate(CliSettings settings, String option) {
        Path home = settings.userHome();
        if (option != null && !option.isEmpty()) {
            Path p = option.equals("~") ? home : option.startsWith("~/") ? home.resolve(option.substring(2))
                    : settings.cwd().resolve(option);
            return new ShellProfile(p);
        }
        Path profile = home.resolve(".profile");
        Path bashrc = home.resolve(".bashrc");
        return new ShellProfile(!Files.exists(profile) && Files.exists(bashrc) ? bashrc : profile);
    }

    public static String checkName(String what, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new CliException(Main.ExitCodes.USAGE, "bad " + what + " '" + name + "': it becomes a shell function,"
                    + " so use letters, digits, '_', '-' and '.', starting with a letter or '_'");
        }
        return name;
    }

    public List<Entry> entries() {
        List<String> lines = lines();
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher h = HEADER.matcher(lines.get(i));
            if (!h.matches()) {
                continue;
            }
            Matcher f = i + 1 < lines.size() ? FUNCTION.matcher(lines.get(i + 1)) : null;
            if (f != null && f.matches()) {
                out.add(new Entry(h.group(2), f.group(1), List.of(f.group(2).trim().split("\\s+")),
                        h.group(1).equals("GROUP")));
            }
        }
        return out;
    }

    /** Adds (or replaces) the function {@code function}; returns whether one was replaced. */
    public boolean register(String function, List<String> devices, boolean group, String header) {
        List<String> lines = lines();
        boolean replaced = removeBlock(lines, function);
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        if (!lines.isEmpty()) {
            lines.add("");
        }
        lines.add("#UPYDEV " + (group ? "GROUP " : "DEVICE ") + header);
        lines.add("function " + function + "() { upyd \"$@\" -@ " + String.join(" ", devices) + "; }");
        write(lines);
        return replaced;
    }

    /** Removes the block defining {@code function}; false when there is none. */
    public boolean unregister(String function) {
        List<String> lines = lines();
        if (!removeBlock(lines, function)) {
            return false;
        }
        write(lines);
        return true;
    }

    private static boolean removeBlock(List<String> lines, String function) {
        for (int i = 0; i + 1 < lines.size(); i++) {
            Matcher h = HEADER.matcher(lines.get(i));
            Matcher f = FUNCTION.matcher(lines.get(i + 1));
            if (h.matches() && f.matches() && f.group(1).equals(function)) {
                int end = i + 2;
                // upydev's completion lines belong to its block
                if (end < lines.size() && lines.get(end).startsWith("function _argcomp_upydev()")) {
                    end++;
                }
                if (end < lines.size() && lines.get(end).startsWith("complete ") && lines.get(end).trim()
                        .endsWith(" " + function)) {
                    end++;
                }
                int start = i > 0 && lines.get(i - 1).isBlank() ? i - 1 : i;
                lines.subList(start, end).clear();
                return true;
            }
        }
        return false;
    }

    private List<String> lines() {
        try {
            return Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
                    : new ArrayList<>();
        } catch (IOException e) {
            throw new CliException(Main.ExitCodes.LOCAL_IO, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * Temp file and rename, so a crash never leaves a half-written shell start-up file; a symlinked profile (dotfile
     * managers) is written through to its target, and the old file's permissions are kept.
     */
    private void write(List<String> lines) {
        try {
            Path target = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".upyd-tmp");
            try {
                Files.writeString(tmp, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
                Optional<PosixFileAttributeView> view = Optional.ofNullable(
                        Files.getFileAttributeView(target, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS));
                if (Files.exists(target) && view.isPresent()) {
                    Files.setPosixFilePermissions(tmp, view.get().readAttributes().permissions());
                } else {
                    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CliException(Main.ExitCodes.LOCAL_IO, "cannot write " + file + ": " + e.getMessage());
        }
    }
}
