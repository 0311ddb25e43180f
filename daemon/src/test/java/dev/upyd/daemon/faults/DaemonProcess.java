package dev.upyd.daemon.faults;

import dev.upyd.daemon.api.SocketGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The daemon as a real process ({@code java -cp <test classpath> dev.upyd.daemon.DaemonMain}), its
 * output in a log file, for tests that need signals, /proc and a separate heap. Killed by close().
 */
final class DaemonProcess implements AutoCloseable {
    final Path log;
    final Path socket;
    final Process process;

    private DaemonProcess(Path log, Path socket, Process process) {
        this.log = log;
        this.socket = socket;
        this.process = process;
    }

    /** Starts with the rig's settings (same home, socket and short timeouts) plus {@code extra}. */
    static DaemonProcess start(FaultRig rig, Path log, Map<String, String> extra) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), "dev.upyd.daemon.DaemonMain"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(rig.env);
        pb.environment().put("JOURNAL_STREAM", "8:12345"); // no timestamps, like under systemd
        pb.environment().putAll(extra);
        DaemonProcess p = new DaemonProcess(log, rig.socket, pb.start());
        FaultRig.await("daemon socket (log: " + log + ")", 30000, () -> !p.process.isAlive() || SocketGuard.isLive(rig.socket));
        if (!p.process.isAlive()) {
            throw new IllegalStateException("daemon exited with " + p.process.exitValue() + ": " + p.logText());
        }
        return p;
    }

    long pid() {
        return process.pid();
    }

    String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Open file descriptors of the daemon process (/proc/PID/fd). */
    int openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", String.valueOf(pid()), "fd"))) {
            return (int) s.count();
        }
    }

    /** Resident set size in kB (/proc/PID/status VmRSS). */
    long rssKb() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    String cmdline() throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid()), "cmdline"))).replace('\0', ' ');
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
