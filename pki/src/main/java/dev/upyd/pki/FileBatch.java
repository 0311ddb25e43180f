package dev.upyd.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several file changes that happen together or not at all, as far as a file system allows: a new CA
 * pair replaces the old one while the old one moves to {@code ~ROOT_CA_*}, and a failure halfway must
 * leave the directory as it was. New contents are written to temporary files before anything is
 * touched; {@link #commit()} then renames, keeping a hard link to every file it replaces or moves, and
 * on any failure puts those back. Not safe against a power cut between two renames (nothing on a plain
 * file system is); each single file is still always whole.
 */
public final class FileBatch implements AutoCloseable {
    private sealed interface Op permits Write, Move, Delete {
    }

    private record Write(Path temp, Path target) implements Op {
    }

    private record Move(Path from, Path to) implements Op {
    }

    private record Delete(Path path) implements Op {
    }

    private final List<Op> ops = new ArrayList<>();
    private final List<Path> temps = new ArrayList<>();
    private boolean done;

    /** Stages new contents for {@code target} now (temp file with final permissions); renamed on commit. */
    public FileBatch write(Path target, byte[] bytes, String perms) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = AtomicFiles.stage(dir, target.getFileName().toString(), bytes, perms);
        temps.add(temp);
        ops.add(new Write(temp, target));
        return this;
    }

    /** Renames {@code from} to {@code to} on commit (replacing it); skipped when {@code from} is gone. */
    public FileBatch move(Path from, Path to) {
        ops.add(new Move(from, to));
        return this;
    }

    /** Deletes {@code path} on commit, if it exists. */
    public FileBatch delete(Path path) {
        ops.add(new Delete(path));
        return this;
    }

    public void commit() throws IOException {
        if (done) {
            throw new IllegalStateException("batch already committed");
        }
        done = true;
        Map<Path, Path> saved = new LinkedHashMap<>(); // touched path -> hard link to its old content, or null
        try {
            for (Op op : ops) {
                if (op instanceof Write w) {
                    save(w.target(), saved);
                    AtomicFiles.move(w.temp(), w.target());
                    temps.remove(w.temp());
                } else if (op instanceof Move m) {
                    if (Files.exists(m.from(), LinkOption.NOFOLLOW_LINKS)) {
                        save(m.from(), saved);
                        save(m.to(), saved);
                        AtomicFiles.move(m.from(), m.to());
                    }
                } else if (op instanceof Delete d) {
                    save(d.path(), saved);
                    Files.deleteIfExists(d.path());
                }
            }
        } catch (IOException | RuntimeException e) {
            restore(saved, e);
            throw e;
        } finally {
            close();
        }
        for (Path link : saved.values()) {
            if (link != null) {
                Files.deleteIfExists(link);
            }
        }
    }

    /** Removes staged temporary files that were not committed. */
    @Override
    public void close() {
        for (Path t : temps) {
            try {
                Files.deleteIfExists(t);
            } catch (IOException e) {
                // a stray dot-file is harmless; the real error is reported by the caller
            }
        }
        temps.clear();
    }

    private static void save(Path p, Map<Path, Path> saved) throws IOException {
        if (saved.containsKey(p)) {
            return;
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            saved.put(p, null);
            return;
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(p + " is not a regular file");
        }
        Path link = p.resolveSibling("." + p.getFileName() + "." + System.nanoTime() + ".old");
        try {
            Files.createLink(link, p); // same inode: the old bytes and permissions, nothing copied
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(p, link, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        saved.put(p, link);
    }

    private static void restore(Map<Path, Path> saved, Exception cause) {
        List<Path> order = new ArrayList<>(saved.keySet());
        for (int i = order.size() - 1; i >= 0; i--) {
            Path p = order.get(i);
            Path link = saved.get(p);
            try {
                if (link != null) {
                    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(link, p)) {
                        Files.delete(link); // untouched; rename(2) between two links of one file does nothing
                    } else {
                        AtomicFiles.move(link, p);
                    }
                } else {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
