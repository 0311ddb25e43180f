package dev.upyd.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy must be transparent apart from the delay: every byte, in order, both ways, and EOF. */
class DelayProxyTest {
    @Test
    @Timeout(30)
    void passesEveryByteInOrderBothWaysAndEndsOnEof() throws Exception {
        byte[] up = new byte[300_000];
        new Random(7).nextBytes(up);
        try (ServerSocket echo = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                // an echo server that transforms each byte, so that the proxy cannot pass the test by looping back
                try (Socket s = echo.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    byte[] buf = new byte[777];
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        for (int i = 0; i < n; i++) {
                            buf[i] = (byte) ~buf[i];
                        }
                        out.write(buf, 0, n);
                    }
                } catch (Exception e) {
                    // the test fails on the client side
                }
            });
            server.start();
            try (DelayProxy proxy = new DelayProxy(echo.getLocalPort(), 2);
                    Socket c = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                Thread writer = new Thread(() -> {
                    try {
                        OutputStream out = c.getOutputStream();
                        for (int off = 0; off < up.length; off += 1000) {
                            out.write(up, off, Math.min(1000, up.length - off));
                        }
                        c.shutdownOutput();
                    } catch (Exception e) {
                        // seen as a short read below
                    }
                });
                writer.start();
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                c.getInputStream().transferTo(got); // returns only when the proxy passes the echo's EOF on
                writer.join();
                byte[] expected = up.clone();
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = (byte) ~expected[i];
                }
                assertEquals(expected.length, got.size());
                assertArrayEquals(expected, got.toByteArray());
            }
            server.join(5000);
        }
    }
}
