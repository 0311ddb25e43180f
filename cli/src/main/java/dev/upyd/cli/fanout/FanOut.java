package dev.upyd.cli.fanout;

import dev.upyd.cli.CliException;
import dev.upyd.cli.CliSettings;
import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.command.DeviceCommand;
import dev.upyd.cli.command.DeviceRun;
import dev.upyd.cli.util.Json;
import dev.upyd.cli.util.LinePrefixWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Group fan-out ({@code -gg}, {@code -GP}, several {@code -@}): the command runs on every device at once
 * (one daemon connection each, at most UPYD_PARALLEL at a time), text output is prefixed per device
 * line by line, then a summary table; {@code --json} prints one object per device instead. {@code -G GROUP}
 * is upydev's sequential group mode instead: one device after the other, each under upydev's header, output
 * unprefixed, then the same summary.
 *
 * <p>Exit code: 0 when every device succeeded; the failing devices' code when they all failed the same
 * way; {@link Main.ExitCodes#SOME_FAILED} when failures differ.
 */
public final class FanOut {
    private final CliSettings settings;
    private final PrintWriter out;
    private final PrintWriter err;

    public FanOut(CliSettings settings, PrintWriter out, PrintWriter err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    /** One device's outcome. */
    public record DeviceResult(String name, int exitCode, String stdout, String stderr, long millis, String error) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public int run(List<String> devices, DeviceCommand command, boolean json) throws InterruptedException {
        int width = devices.stream().mapToInt(String::length).max().orElse(4);
        Object lock = new Object();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(devices.size(), settings.parallelism()), r -> {
            Thread t = new Thread(r, "upyd-fanout");
            t.setDaemon(true);
            return t;
        });
        List<Future<DeviceResult>> futures = new ArrayList<>();
        try {
            for (String d : devices) {
                futures.add(pool.submit(() -> runOne(d, command, json, width, lock)));
            }
            List<DeviceResult> results = new ArrayList<>();
            for (Future<DeviceResult> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause()); // runOne catches everything; a bug if reached
                }
            }
            if (json) {
                List<Object> objs = new ArrayList<>();
                for (DeviceResult r : results) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("name", r.name());
                    o.put("ok", r.ok());
                    o.put("exitCode", r.exitCode());
                    o.put("stdout", r.stdout());
                    o.put("stderr", r.stderr());
                    o.put("duration", r.millis() / 1000.0);
                    objs.add(o);
                }
                out.println(Json.write(objs));
            } else {
                summary(results, width);
            }
            out.flush();
            return exitCode(results);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * upydev's {@code -G GROUP}: one device at a time, in the group's order, each under the header upydev prints
     * ({@code Sending command to group: G}, a rule, {@code Device Name:}, {@code WebSocketDevice @ addr},
     * {@code Sending command CMD ...}); a failing device does not stop the others.
     */
    public int runSequential(String group, List<String> devices, Map<String, String> addresses, DeviceCommand command,
                             DaemonClient client, boolean terminal, String verb) {
        out.println("Sending command to group: " + group);
        List<DeviceResult> results = new ArrayList<>();
        String rule = "\u2501".repeat(terminalColumns(settings));
        for (String d : devices) {
            out.println();
            out.println(rule);
            out.println("Device Name: " + d);
            out.println("WebSocketDevice @ " + addresses.getOrDefault(d, "?"));
            out.println("Sending command " + verb + " ...");
            out.println();
            out.flush();
            long t0 = System.nanoTime();
            int code;
            String error = null;
            try {
                code = command.runOn(new DeviceRun(d, client, settings, out, err, terminal, false));
            } catch (CliException e) {
                code = e.exitCode();
                error = e.getMessage();
                err.println("upyd: " + d + ": " + e.getMessage());
            } catch (Exception e) {
                code = Main.ExitCodes.INTERNAL;
                error = e.toString();
                err.println("upyd: " + d + ": " + e);
            }
            out.flush();
            err.flush();
            results.add(new DeviceResult(d, code, "", "", (System.nanoTime() - t0) / 1_000_000, error));
        }
        summary(results, devices.stream().mapToInt(String::length).max().orElse(4));
        out.flush();
        return exitCode(results);
    }

    /** upydev draws the rule across the terminal; COLUMNS when the shell exports it, else 80. */
    /** The width of upydev's rules (`***`, `---`, the group header's line). */
    public static int terminalColumns(CliSettings settings) {
        try {
            int c = Integer.parseInt(settings.env("COLUMNS"));
            return c > 0 && c < 1000 ? c : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    private DeviceResult runOne(String device, DeviceCommand command, boolean json, int width, Object lock) {
        long t0 = System.nanoTime();
        StringWriter capOut = new StringWriter();
        StringWriter capErr = new StringWriter();
        String prefix = String.format("%-" + width + "s | ", device);
        PrintWriter dOut = new PrintWriter(json ? capOut : new LinePrefixWriter(out, prefix, lock), true);
        PrintWriter dErr = new PrintWriter(json ? capErr : new LinePrefixWriter(err, prefix, lock), true);
        int code;
        String error = null;
        try (DaemonClient client = DaemonClient.connect(settings)) {
            code = command.runOn(new DeviceRun(device, client, settings, dOut, dErr, false, true));
        } catch (CliException e) {
            code = e.exitCode();
            error = e.getMessage();
            dErr.println(e.getMessage());
        } catch (Exception e) {
            code = Main.ExitCodes.INTERNAL;
            error = e.toString();
            dErr.println(e);
        }
        dOut.close();
        dErr.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new DeviceResult(device, code, capOut.toString(), capErr.toString(), ms, error);
    }

    private void summary(List<DeviceResult> results, int width) {
        long ok = results.stream().filter(DeviceResult::ok).count();
        synchronized (out) {
            out.println();
            out.printf("%-" + width + "s  %-7s %8s  %s%n", "DEVICE", "RESULT", "TIME", "");
            for (DeviceResult r : results) {
                out.printf("%-" + width + "s  %-7s %7.2fs  %s%n", r.name(), r.ok() ? "ok" : "failed",
                        r.millis() / 1000.0, r.ok() ? "" : "exit " + r.exitCode()
                                + (r.error() == null ? "" : ": " + r.error()));
            }
            out.printf("%d of %d devices ok%n", ok, results.size());
        }
    }

    static int exitCode(List<DeviceResult> results) {
        Set<Integer> failures = new LinkedHashSet<>();
        for (DeviceResult r : results) {
            if (!r.ok()) {
                failures.add(r.exitCode());
            }
        }
        if (failures.isEmpty()) {
            return Main.ExitCodes.OK;
        }
        return failures.size() == 1 ? failures.iterator().next() : Main.ExitCodes.SOME_FAILED;
    }
}
