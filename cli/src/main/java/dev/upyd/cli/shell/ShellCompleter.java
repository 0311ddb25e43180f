package dev.upyd.cli.shell;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Tab in shell mode: command names in first position, then device paths (local paths after put/lcd/lls/load). */
final class ShellCompleter implements Completer {
    private final Supplier<Set<String>> commands;
    private final Function<String, List<String[]>> deviceDir;
    private final Supplier<Path> localCwd;

    ShellCompleter(Supplier<Set<String>> commands, Function<String, List<String[]>> deviceDir, Supplier<Path> localCwd) {
        this.commands = commands;
        this.deviceDir = deviceDir;
        this.localCwd = localCwd;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            for (String c : commands.get()) {
                candidates.add(new Candidate(c));
            }
            return;
        }
        String word = line.word().substring(0, line.wordCursor());
        int slash = word.lastIndexOf('/');
        String dir = slash < 0 ? "" : (slash == 0 ? "/" : word.substring(0, slash));
        String prefix = slash < 0 ? "" : word.substring(0, slash + 1);
        if (ShellRepl.LOCAL_PATH_COMMANDS.contains(line.words().get(0))) {
            Path d = localCwd.get().resolve(dir.isEmpty() ? "." : dir);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
                for (Path p : ds) {
                    boolean isDir = Files.isDirectory(p);
                    String v = prefix + p.getFileName() + (isDir ? "/" : "");
                    candidates.add(new Candidate(v, p.getFileName() + (isDir ? "/" : ""), null, null, null, null, !isDir));
                }
            } catch (IOException e) {
                // nothing to offer
            }
            return;
        }
        for (String[] e : deviceDir.apply(dir)) {
            boolean isDir = e[1].equals("d");
            String v = prefix + e[0] + (isDir ? "/" : "");
            candidates.add(new Candidate(v, e[0] + (isDir ? "/" : ""), null, null, null, null, !isDir));
        }
    }
}
