package dev.upyd.pki;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;

/**
 * What upydev puts about this host into certificates: Python's {@code sys.platform}, the host name,
 * the user, {@link HostId} and a local IPv4 address.
 *
 * @param platform {@code linux}, {@code darwin} or {@code win32}, as Python names them
 * @param ipv4 the address for the host certificate's SAN
 */
public record HostFacts(String platform, String hostName, String user, String hostId, InetAddress ipv4) {

    /**
     * Detects the facts without touching the network. upydev finds its IPv4 with a UDP "connect" to
     * 8.8.8.8; we read the interfaces instead (its own fallback), so that nothing here ever addresses
     * a host outside this machine.
     */
    public static HostFacts detect(Map<String, String> env) {
        return new HostFacts(detectPlatform(), detectHostName(env), HostId.userName(env), HostId.of(env), localIpv4());
    }

    static String detectPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return "win32";
        }
        if (os.startsWith("mac") || os.contains("darwin")) {
            return "darwin";
        }
        return os.startsWith("linux") ? "linux" : os.replace(' ', '_');
    }

    static String detectHostName(Map<String, String> env) {
        // The kernel's name, as Python's socket.gethostname(); InetAddress.getLocalHost() could block on DNS.
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                String n = Files.readString(kernel, StandardCharsets.US_ASCII).trim();
                if (!n.isEmpty()) {
                    return n;
                }
            }
        } catch (IOException | SecurityException e) {
            // fall through to the environment
        }
        for (String var : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String v = env.get(var);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return "localhost";
    }

    /** The first site-local IPv4 of an up, non-loopback interface; else any such IPv4; else 127.0.0.1. */
    static InetAddress localIpv4() {
        InetAddress any = null;
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        if (a.isSiteLocalAddress()) {
                            return a;
                        }
                        if (any == null && !a.isLinkLocalAddress()) {
                            any = a;
                        }
                    }
                }
            }
        } catch (SocketException | NullPointerException e) {
            // no interfaces readable: fall back to loopback
        }
        return any != null ? any : InetAddress.getLoopbackAddress();
    }
}
