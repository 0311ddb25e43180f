package dev.upyd.cli.command;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.protocol.api.DeviceInfo;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ping", mixinStandardHelpOptions = true,
        description = {"Time round trips to the device over the session the daemon holds (a WebREPL GET_VER"
                + " request: no effect on a running program), as ping(8) prints them.",
                "upyd differs: upydev runs the system `ping ADDRESS` until Ctrl-C; upyd measures the WebREPL path"
                        + " the commands really use, -c times (default 4), so it also works across groups (-gg,"
                        + " -G). `--icmp` runs the system ping on the address the daemon resolves instead."})
public final class PingCommand extends DeviceCommand {
    @Option(names = "-c", paramLabel = "COUNT", defaultValue = "4", description = "Round trips (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "-i", paramLabel = "SECONDS", defaultValue = "1", description = "Wait between them (default ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = "--icmp", description = "Run the system ping (iputils) on the device's resolved address.")
    boolean icmp;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > 100_000) {
            throw new CliException(Main.ExitCodes.USAGE, "-c " + count + ": give 1 to 100000 round trips");
        }
        if (!(interval >= 0 && interval <= 3600)) {
            throw new CliException(Main.ExitCodes.USAGE, "-i " + interval + ": give 0 to 3600 seconds");
        }
        return super.call();
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        DeviceInfo info = run.client().listDevices().stream().filter(d -> d.name().equals(run.device())).findFirst()
                .orElseThrow(() -> new CliException(Main.ExitCodes.USAGE, "no device " + run.device() + " in the global group"));
        return icmp ? icmp(run, info) : webrepl(run, info);
    }

    private int webrepl(DeviceRun run, DeviceInfo info) throws InterruptedException {
        run.out().println("PING " + run.device() + " (" + info.address() + ") over the daemon's "
                + (info.tlsProtocol().isEmpty() ? "WebREPL" : "wss") + " session:");
        run.out().flush();
        List<Double> times = new ArrayList<>();
        String lastError = "";
        int lastCode = Main.ExitCodes.UNREACHABLE;
        for (int seq = 1; seq <= count; seq++) {
            if (seq > 1 && interval > 0) {
                Thread.sleep((long) (interval * 1000));
            }
            DaemonClient.Outcome o = run.client().ping(run.device());
            if (o.ok()) {
                double ms = Long.parseLong(o.message()) / 1000.0;
                times.add(ms);
                run.out().printf("reply from %s: seq=%d time=%.2f ms%n", run.device(), seq, ms);
            } else {
                lastError = o.message();
                lastCode = o.exitCode();
                run.out().println("no reply from " + run.device() + ": seq=" + seq + " " + o.message());
                if (o.daemonError() || o.exitCode() == Main.ExitCodes.USAGE || o.exitCode() == Main.ExitCodes.AUTH) {
                    break;
                }
            }
            run.out().flush();
        }
        run.out().println("--- " + run.device() + " ping statistics ---");
        int lost = count - times.size();
        run.out().printf("%d sent, %d received, %d%% loss", count, times.size(), lost * 100 / count);
        if (!times.isEmpty()) {
            double min = times.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double max = times.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double avg = times.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            run.out().printf(", rtt min/avg/max = %.2f/%.2f/%.2f ms", min, avg, max);
        }
        run.out().println();
        run.out().flush();
        if (times.isEmpty()) {
            throw new CliException(lastCode == Main.ExitCodes.OK ? Main.ExitCodes.UNREACHABLE : lastCode,
                    run.device() + ": no reply (" + lastError + ")");
        }
        return 0;
    }

    private int icmp(DeviceRun run, DeviceInfo info) throws Exception {
        String host = dev.upyd.pki.config.DeviceAddress.parse(info.address()).host();
        DaemonClient.Outcome r = run.client().resolve(host);
        if (!r.ok()) {
            throw new CliException(Main.ExitCodes.UNREACHABLE, run.device() + ": cannot resolve " + host + ": " + r.message());
        }
        Path ping = onPath(run.settings().path(), "ping");
        if (ping == null) {
            throw new CliException(Main.ExitCodes.USAGE, "--icmp needs the system `ping` program, which is not on PATH"
                    + " (Debian: apt-get install iputils-ping); without --icmp upyd pings over the daemon's session");
        }
        Process p = new ProcessBuilder(ping.toString(), "-c", Integer.toString(count), "-i",
                Double.toString(Math.max(interval, 0.2)), r.message()).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) > 0; ) {
                run.out().print(new String(buf, 0, n, StandardCharsets.UTF_8));
                run.out().flush();
            }
        }
        int code = p.waitFor();
        return code == 0 ? 0 : Main.ExitCodes.UNREACHABLE;
    }

    static Path onPath(String path, String program) {
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program);
            }
        }
        return null;
    }
}
