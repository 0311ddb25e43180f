package dev.upyd.daemon.config;

import dev.upyd.pki.config.ConfigException;
import dev.upyd.pki.config.GroupConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Follows the group file (UPY_G.config): notices a change by modification time, size and file key
 * (an atomic rename replaces the inode), and keeps the last good configuration when the new text is
 * corrupt, saying exactly what is wrong once per bad version.
 */
public final class GroupWatcher {
    private static final Logger LOG = Logger.getLogger(GroupWatcher.class.getName());

    private final Path file;
    private GroupConfig good;
    private Object stamp;
    private String lastProblem;

    private GroupWatcher(Path file, GroupConfig good, Object stamp) {
        this.file = file;
        this.good = good;
        this.stamp = stamp;
    }

    /** First read at start: a corrupt file (with no previous good one) is fatal, with the reason. */
    public static GroupWatcher start(Path file) throws ConfigException {
        Object stamp = stampOf(file);
        return new GroupWatcher(file, GroupConfig.read(file), stamp);
    }

    public Path file() {
        return file;
    }

    public synchronized GroupConfig current() {
        return good;
    }

    /** The new configuration if the file changed and is valid; empty if unchanged or corrupt. */
    public synchronized Optional<GroupConfig> poll() {
        Object s = stampOf(file);
        if (Objects.equals(s, stamp)) {
            return Optional.empty();
        }
        stamp = s;
        return load();
    }

    /** Reads the file now, changed or not (ReloadConfig); a corrupt file throws with the reason. */
    public synchronized GroupConfig reload() throws ConfigException {
        stamp = stampOf(file);
        GroupConfig c = GroupConfig.read(file);
        good = c;
        lastProblem = null;
        return c;
    }

    private Optional<GroupConfig> load() {
        try {
            GroupConfig c = GroupConfig.read(file);
            if (lastProblem != null) {
                LOG.info(file + ": readable again");
            }
            lastProblem = null;
            good = c;
            return Optional.of(c);
        } catch (ConfigException e) {
            if (!e.getMessage().equals(lastProblem)) {
                LOG.warning(e.getMessage() + "; keeping the last good configuration ("
                        + good.entries().size() + " devices)");
            }
            lastProblem = e.getMessage();
            return Optional.empty();
        }
    }

    private static Object stampOf(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
        } catch (NoSuchFileException e) {
            return "missing";
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
