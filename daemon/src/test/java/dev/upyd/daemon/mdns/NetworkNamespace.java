package dev.upyd.daemon.mdns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Linux network namespace made for one test (`ip netns add`), with only a loopback that carries
 * multicast, so mDNS traffic never leaves the test. Needs root and iproute2; {@link #available()} says
 * whether this machine can make one, so tests can skip with the reason.
 */
public final class NetworkNamespace implements AutoCloseable {
    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    public static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "network namespaces need root (ip netns add)";
        }
        try {
            Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "`ip netns list` failed: iproute2 missing or namespaces not permitted here";
            }
        } catch (IOException | InterruptedException e) {
            return "`ip` (iproute2) is not installed";
        }
        return null;
    }

    public static NetworkNamespace create() throws IOException, InterruptedException {
        String n = "upyd-t-" + UUID.randomUUID().toString().substring(0, 8);
        NetworkNamespace ns = new NetworkNamespace(n);
        run("ip", "netns", "add", n);
        try {
            run("ip", "netns", "exec", n, "ip", "link", "set", "lo", "up");
            run("ip", "netns", "exec", n, "ip", "link", "set", "lo", "multicast", "on");
            run("ip", "netns", "exec", n, "ip", "route", "add", "224.0.0.0/4", "dev", "lo");
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** A ProcessBuilder for {@code command} run inside the namespace. */
    public ProcessBuilder process(String... command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", name));
        c.addAll(List.of(command));
        return new ProcessBuilder(c);
    }

    public String name() {
        return name;
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.trim());
        }
    }

    @Override
    public void close() {
        try {
            run("ip", "netns", "delete", name);
        } catch (IOException | InterruptedException e) {
            // best effort: a leftover namespace is visible with `ip netns list`
        }
    }
}
