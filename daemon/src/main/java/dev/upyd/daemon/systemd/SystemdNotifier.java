package dev.upyd.daemon.systemd;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * sd_notify(3) for {@code Type=notify} units: READY=1 once the local API listens, STOPPING=1 at
 * shutdown, WATCHDOG=1 keep-alives. {@code $NOTIFY_SOCKET} is an AF_UNIX datagram socket, which the JDK
 * cannot open (DatagramChannel has no UNIX family), so this uses junixsocket. The messages are sent from
 * the daemon's own JVM: systemd may drop notifications from short-lived helper processes. Without
 * {@code NOTIFY_SOCKET} (not started by systemd) every call is a no-op.
 */
public final class SystemdNotifier implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SystemdNotifier.class.getName());

    private final SocketAddress target;
    private final long watchdogMicros;
    private AFUNIXDatagramSocket socket;

    private SystemdNotifier(SocketAddress target, long watchdogMicros) {
        this.target = target;
        this.watchdogMicros = watchdogMicros;
    }

    /** Reads NOTIFY_SOCKET (a path, or "@name" for the abstract namespace) and WATCHDOG_USEC/WATCHDOG_PID. */
    public static SystemdNotifier fromEnvironment(Map<String, String> env) {
        String path = env.get("NOTIFY_SOCKET");
        SocketAddress target = null;
        if (path != null && !path.isEmpty()) {
            try {
                target = path.startsWith("@") ? AFUNIXSocketAddress.inAbstractNamespace(path.substring(1))
                        : AFUNIXSocketAddress.of(java.nio.file.Path.of(path));
            } catch (IOException e) {
                LOG.warning("NOTIFY_SOCKET=" + path + " is not usable (" + e.getMessage() + "); not notifying systemd");
            }
        }
        long watchdog = 0;
        String usec = env.get("WATCHDOG_USEC");
        String pid = env.get("WATCHDOG_PID");
        if (usec != null && (pid == null || pid.equals(Long.toString(ProcessHandle.current().pid())))) {
            try {
                watchdog = Long.parseLong(usec.trim());
            } catch (NumberFormatException e) {
                LOG.warning("WATCHDOG_USEC=" + usec + " is not a number; watchdog keep-alives disabled");
            }
        }
        return new SystemdNotifier(target, watchdog);
    }

    public boolean enabled() {
        return target != null;
    }

    /** Interval at which WATCHDOG=1 must be sent (half the configured timeout, as sd_watchdog_enabled(3) advises), or 0. */
    public long watchdogIntervalMillis() {
        return target == null || watchdogMicros <= 0 ? 0 : Math.max(1, watchdogMicros / 2000);
    }

    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status) + "\nMAINPID=" + ProcessHandle.current().pid());
    }

    public void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    public void stopping() {
        send("STOPPING=1");
    }

    public void watchdog() {
        send("WATCHDOG=1");
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ');
    }

    private synchronized void send(String message) {
        if (target == null) {
            return;
        }
        try {
            if (socket == null) {
                socket = AFUNIXDatagramSocket.newInstance();
                // a connected datagram socket: java.net.DatagramPacket only takes inet addresses
                socket.connect(target);
            }
            byte[] b = message.getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(b, b.length));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not notify systemd (" + e.getMessage() + ")");
            close();
        }
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
