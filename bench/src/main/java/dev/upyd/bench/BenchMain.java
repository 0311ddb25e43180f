package dev.upyd.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code BenchMain [--quick] [--KEY VALUE ...] [p1] [p2] [p3] [p4]} (none = p2 p3 p4): runs the benchmarks and
 * prints each result as a ratio against a baseline measured in the same run, with the 1-minute load
 * average next to it (the machine may be shared). Exit code 0 if every selected benchmark ran (targets
 * are reported, not enforced), 1 if one failed, 2 on bad usage.
 */
public final class BenchMain {
    /** Held so the level set on it is not lost to garbage collection of the logger. */
    private static final Logger BC_JSSE_LOG = Logger.getLogger("org.bouncycastle.jsse");

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        boolean quick = false;
        List<String> which = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        BenchSettings settings;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    System.out.println(usage());
                    return 0;
                } else if (a.equals("--quick")) {
                    quick = true;
                } else if (a.startsWith("--")) {
                    String key = a.substring(2);
                    String value;
                    int eq = key.indexOf('=');
                    if (eq >= 0) {
                        value = key.substring(eq + 1);
                        key = key.substring(0, eq);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new IllegalArgumentException("missing value after " + a);
                    }
                    options.put(key, value);
                } else if (a.matches("p[1234]|all")) {
                    which.add(a);
                } else {
                    throw new IllegalArgumentException("unknown benchmark '" + a + "' (p1, p2, p3, p4 or all)");
                }
            }
            settings = BenchSettings.of(options, quick);
            settings.getInt(BenchSettings.DEVICES); // fail early on bad numbers
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage() + "\n" + usage());
            return 2;
        }
        if (which.isEmpty() || which.contains("all")) {
            which = List.of("p2", "p3", "p4"); // p1 only when named: it needs the CLI built (bin/upyd)
        }
        Logger.getLogger("").setLevel(Level.WARNING); // the in-process daemon's INFO lines are noise here
        for (var h : Logger.getLogger("").getHandlers()) {
            h.setLevel(Level.WARNING);
        }
        // BCJSSE warns once per JVM that it ignores two JDK-only entries of jdk.certpath.disabledAlgorithms
        BC_JSSE_LOG.setLevel(Level.SEVERE);

        ResultTable table = new ResultTable();
        String machine = Machine.describe();
        System.out.println("upyd bench " + (quick ? "--quick " : "") + String.join(" ", which) + " at " + Instant.now());
        System.out.println("machine: " + machine);
        int failures = 0;
        for (String b : which) {
            Path work = null;
            try {
                work = Files.createTempDirectory("upyd-bench-" + b + "-");
                switch (b) {
                    case "p1" -> new CliLatencyBench(settings, table).run(work);
                    case "p2" -> new DaemonReuseBench(settings, table).run(work);
                    case "p3" -> new PipelinedGetBench(settings, table).run(work);
                    case "p4" -> new FleetScaleBench(settings, table).run(work);
                    default -> throw new IllegalStateException(b);
                }
            } catch (Exception | Error e) {
                failures++;
                System.err.println(b.toUpperCase() + " FAILED: " + e);
                e.printStackTrace();
                table.add(b.toUpperCase(), "FAILED", String.valueOf(e.getMessage()), "-", "-", "-");
            } finally {
                if (work != null && !Boolean.getBoolean("upyd.bench.keep")) {
                    BenchHome.deleteTree(work);
                }
            }
        }
        System.out.println();
        System.out.println("machine: " + Machine.describe());
        System.out.println(table.render());
        return failures == 0 ? 0 : 1;
    }

    static String usage() {
        return "usage: bench [--quick] [--KEY VALUE ...] [p1] [p2] [p3] [p4]   (none named = p2 p3 p4)\n"
                + "  p1  `bin/upyd exec DEV 'print(1)'` vs a bare JVM hello-world (same JDK and CLI flags)\n"
                + "  p2  exec through the daemon vs a fresh TCP+TLS+login per command\n"
                + "  p3  pipelined GET through the daemon vs one request per 256-byte chunk, via a delay proxy\n"
                + "  p4  one daemon process, N simulated devices in another: all-online time, RSS, fan-out exec\n"
                + "options (also system property upyd.bench.KEY or environment UPYD_BENCH_KEY):\n"
                + BenchSettings.usage()
                + "  -Dupyd.bench.keep=true keeps the work folders (logs of the P4 child processes)";
    }
}
