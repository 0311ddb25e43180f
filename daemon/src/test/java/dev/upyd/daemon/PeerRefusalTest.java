package dev.upyd.daemon;

import dev.upyd.daemon.api.LocalApiClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.daemon.api.SocketLocation;
import dev.upyd.protocol.api.ErrorReply;
import dev.upyd.protocol.api.Message;
import dev.upyd.protocol.api.MessageDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A real connection from another uid: as root, the test opens up the socket's modes (which normally
 * keep other users out before the peer check is even reached) and connects as "nobody" through
 * setpriv. The daemon must answer with an AUTH error and close.
 */
class PeerRefusalTest {
    Path dir;
    DaemonFixture fx;

    @AfterEach
    void tearDown() throws Exception {
        if (fx != null) {
            fx.close();
        }
        if (dir != null) {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void anotherUsersConnectionIsRefused() throws Exception {
        Assumptions.assumeTrue(SocketLocation.uid() == 0, "needs root to connect as another user");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) missing");
        dir = Files.createTempDirectory("upyd-peer");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        fx = new DaemonFixture(dir.resolve("home"), dir.resolve("run"));
        fx.start();
        Files.setPosixFilePermissions(dir.resolve("run"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(fx.socket.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(fx.socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path src = dir.resolve("Peer.java");
        Files.writeString(src, """
                import java.net.*; import java.nio.*; import java.nio.channels.*;
                public class Peer { public static void main(String[] a) throws Exception {
                  try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(a[0]))) {
                    ByteBuffer b = ByteBuffer.allocate(4096); StringBuilder sb = new StringBuilder();
                    while (c.read(b) > 0) { }
                    b.flip(); while (b.hasRemaining()) sb.append(String.format("%02x", b.get()));
                    System.out.println(sb);
                  } } }
                """);
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rw-r--r--"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                java, src.toString(), fx.socket.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "peer process hung");
        String out = new String(p.getInputStream().readAllBytes()).strip();
        String[] lines = out.split("\n");
        byte[] reply = HexFormat.of().parseHex(lines[lines.length - 1].strip());
        List<Message> got = new ArrayList<>();
        new MessageDecoder().offer(reply, 0, reply.length, got::add);
        assertEquals(1, got.size(), out);
        ErrorReply e = assertInstanceOf(ErrorReply.class, got.get(0));
        assertEquals(ErrorReply.AUTH, e.code());
        assertTrue(e.message().contains("permission denied"), e.message());
        // and the owner still gets in
        try (LocalApiClient c = fx.client()) {
            assertTrue(!c.eof() && c.devices(Duration.ofSeconds(10)) != null);
        }
    }
}
