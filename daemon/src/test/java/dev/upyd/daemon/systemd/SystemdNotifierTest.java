package dev.upyd.daemon.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Plays systemd's part: a real AF_UNIX datagram socket that receives what the notifier sends. */
class SystemdNotifierTest {

    private static String receive(AFUNIXDatagramSocket s) throws Exception {
        byte[] buf = new byte[4096];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    void readyWatchdogAndStoppingArriveAtTheNotifySocket(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("notify");
        try (AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
            systemd.bind(AFUNIXSocketAddress.of(sock));
            systemd.setSoTimeout(5000);
            try (SystemdNotifier n = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", sock.toString(),
                    "WATCHDOG_USEC", "30000000", "WATCHDOG_PID", Long.toString(ProcessHandle.current().pid()))))
            {
                assertTrue(n.enabled());
                assertEquals(15_000, n.watchdogIntervalMillis());
                n.ready("3 devices, 2 online");
                String ready = receive(systemd);
                assertTrue(ready.startsWith("READY=1\nSTATUS=3 devices, 2 online\nMAINPID="), ready);
                n.watchdog();
                assertEquals("WATCHDOG=1", receive(systemd));
                n.stopping();
                assertEquals("STOPPING=1", receive(systemd));
            }
        }
    }

    @Test
    void abstractNamespaceSocketsWorkToo() throws Exception {
        String name = "upyd-test-" + ProcessHandle.current().pid();
        try (AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
            systemd.bind(AFUNIXSocketAddress.inAbstractNamespace(name));
            systemd.setSoTimeout(5000);
            try (SystemdNotifier n = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name))) {
                n.stopping();
                assertEquals("STOPPING=1", receive(systemd));
            }
        }
    }

    @Test
    void withoutSystemdEverythingIsANoOp() {
        SystemdNotifier n = SystemdNotifier.fromEnvironment(Map.of("WATCHDOG_USEC", "1000000"));
        assertFalse(n.enabled());
        assertEquals(0, n.watchdogIntervalMillis());
        n.ready("x");
        n.close();
    }

    @Test
    void watchdogForAnotherProcessIsIgnored() {
        SystemdNotifier n = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "/nonexistent/sock",
                "WATCHDOG_USEC", "1000000", "WATCHDOG_PID", "1"));
        assertEquals(0, n.watchdogIntervalMillis());
    }
}
