package dev.upyd.cli.client;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run by UnixSocketsTest in a fresh JVM: the JDK's Unix-socket classes must not be initialised yet. */
public final class UnixSocketsProbe {
    private UnixSocketsProbe() {
    }

    public static void main(String[] args) throws Exception {
        UnixSockets.prepare(); // first: Files.createTempDirectory itself takes a SecureRandom
        System.out.println("prepared");
        System.out.flush();
        Path dir = Files.createTempDirectory("upyd-uds-probe");
        UnixDomainSocketAddress at = UnixDomainSocketAddress.of(dir.resolve("s"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(at);
            try (SocketChannel c = UnixSockets.open(at); SocketChannel s = server.accept()) {
                c.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer b = ByteBuffer.allocate(4);
                while (b.hasRemaining() && s.read(b) >= 0) {
                    // a Unix socket may deliver in parts
                }
                System.out.println("echo=" + new String(b.array(), StandardCharsets.US_ASCII));
                System.out.flush();
            }
        } finally {
            Files.deleteIfExists(dir.resolve("s"));
            Files.deleteIfExists(dir);
        }
        System.out.println("preparedBy=" + UnixSockets.preparedBy());
        // the process-wide JCA is the JDK's own, untouched
        System.out.println("jca=" + java.security.SecureRandom.getInstance("NativePRNGNonBlocking").getProvider().getName());
        System.out.println("first=" + java.security.Security.getProviders()[0].getName());
        System.out.flush();
    }
}
