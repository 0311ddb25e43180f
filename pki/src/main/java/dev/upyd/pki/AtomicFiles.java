package dev.upyd.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes that never leave a truncated file under the real name: the bytes go to a temporary file in
 * the same directory (created with the final permissions, so a key is never world-readable even for a
 * moment), are forced to disk, and the temporary file is renamed over the target.
 */
public final class AtomicFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target} atomically with the given permissions (e.g. "rw-------"). */
    public static void write(Path target, byte[] bytes, String perms) throws IOException {
        write(target, out -> out.write(bytes), perms);
    }

    /** The body for {@link #write(Path, Body, String)}. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Body body, String perms) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = stage(dir, target.getFileName().toString(), body, perms);
        try {
            move(tmp, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** Writes the bytes to a new temporary file beside {@code name} in {@code dir}, forced to disk. */
    static Path stage(Path dir, String name, byte[] bytes, String perms) throws IOException {
        return stage(dir, name, out -> out.write(bytes), perms);
    }

    static Path stage(Path dir, String name, Body body, String perms) throws IOException {
        Path tmp = POSIX
                ? Files.createTempFile(dir, "." + name + ".", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms)))
                : Files.createTempFile(dir, "." + name + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** Renames {@code from} over {@code to}, atomically where the file system allows it. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Sets POSIX permissions where the file system has them. */
    public static void restrict(Path p, String perms) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        }
    }
}
