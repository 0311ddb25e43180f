package dev.upyd.daemon.api;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Prepares the socket path before listening: a private directory (created 0700), and no leftover
 * socket file. A file left by a crashed daemon is detected (nothing accepts a connection on it) and
 * removed; a live daemon on the same path stops this one with a clear message.
 */
public final class SocketGuard {
    private static final Logger LOG = Logger.getLogger(SocketGuard.class.getName());

    private SocketGuard() {
    }

    /** A daemon is already serving the socket. */
    public static final class SocketInUseException extends Exception {
        private static final long serialVersionUID = 1L;

        public SocketInUseException(String message) {
            super(message);
        }
    }

    public static void prepare(Path socket) throws IOException, SocketInUseException {
        Path dir = socket.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------")); // umask-proof
        } else {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(dir);
            if (p.contains(PosixFilePermission.OTHERS_WRITE) && !isSticky(dir)) {
                throw new IOException(dir + " is writable by everyone; refusing to put the daemon socket there");
            }
        }
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            if (!isSocket(socket)) {
                throw new IOException(socket + " exists and is not a socket; refusing to replace it");
            }
            if (isLive(socket)) {
                throw new SocketInUseException("another upyd daemon is already running on " + socket
                        + " (stop it first, or set UPYD_SOCKET to use another socket)");
            }
            LOG.info("removing stale socket " + socket + " (left by a daemon that did not shut down cleanly)");
            Files.delete(socket);
        }
    }

    /** True when something accepts connections on the socket. */
    public static boolean isLive(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isSocket(Path p) throws IOException {
        Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return mode instanceof Integer m && (m & 0170000) == 0140000;
    }

    private static boolean isSticky(Path p) throws IOException {
        Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return mode instanceof Integer m && (m & 01000) != 0;
    }

    /** After bind: only the owner may connect. */
    public static void restrict(Path socket) throws IOException {
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    }
}
