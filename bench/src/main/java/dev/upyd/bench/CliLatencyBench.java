package dev.upyd.bench;

import dev.upyd.pki.config.GroupEntry;
import dev.upyd.sim.SimulatedDevice;
import dev.upyd.sim.testkit.SimDevices;
import dev.upyd.sim.testkit.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * P1 (the CLI helper owns the real measurement; this is the suite's own copy): wall time of
 * {@code bin/upyd exec DEV 'print(1)'} against a running daemon (in this JVM, device online) vs a bare
 * JVM hello-world started with the same JDK as the CLI (see {@link #cliJava}) and the flags bin/upyd gives it
 * ({@code -XX:TieredStopAtLevel=1 -XX:-UsePerfData -XX:CompileThresholdScaling=10}; the hello-world uses the JDK's default class-data
 * archive, the CLI its own AppCDS archive or AOT cache when scripts/setup.sh made one). The two alternate run by run so
 * that both see the same load.
 */
final class CliLatencyBench {
    // no -Xshare: a JDK 24+ refuses it next to -XX:AOTCache, and CDS is on by default on every JDK this runs on
    static final List<String> CLI_JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
            "-XX:CompileThresholdScaling=10");

    private final BenchSettings settings;
    private final ResultTable table;

    /** Execs through the local API before measuring: the daemon's exec path then runs compiled, as in daily use. */
    static final int DAEMON_WARM_UP = 2000;

    CliLatencyBench(BenchSettings settings, ResultTable table) {
        this.settings = settings;
        this.table = table;
    }

    /**
     * The java bin/upyd runs the CLI on: UPYD_JAVA when set (e.g. the Temurin 25 beside JDK 17, with the AOT
     * cache make-cds made for it), else the default scripts/make-cds.sh recorded in cli/target/upyd-cli.launch,
     * else this JVM's. The hello-world must run on the same one.
     */
    static String cliJava(Path launcher) throws java.io.IOException {
        String chosen = System.getenv("UPYD_JAVA"); // bin/upyd then runs the CLI on it (its AOT cache, if made)
        if (chosen != null && !chosen.isEmpty()) {
            return chosen;
        }
        Path launch = launcher.getParent().getParent().resolve("cli/target/upyd-cli.launch");
        if (Files.isRegularFile(launch)) {
            for (String line : Files.readAllLines(launch)) {
                if (line.startsWith("launch_java=")) {
                    // a single-quoted sh word: 'java', or 'it'\''s' for a quote inside
                    String v = line.substring("launch_java=".length()).trim();
                    return v.substring(1, v.length() - 1).replace("'\\''", "'");
                }
            }
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    void run(Path work) throws Exception {
        Path launcher = Path.of(settings.get(BenchSettings.LAUNCHER)).toAbsolutePath();
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException(launcher + " is not executable (set --launcher to bin/upyd)");
        }
        int runs = Math.max(1, settings.getInt(BenchSettings.CLI_RUNS));
        BenchHome home = new BenchHome(work.resolve("home"), TestPki.create());
        SimulatedDevice sim = SimDevices.startLight(Files.createDirectories(work.resolve("dev-p1")), home.pki, "p1");
        try {
            home.writeGroup(List.of(BenchHome.tlsEntry("p1", sim.port())));
            Path socket = work.resolve("run/upyd.sock");
            try (InProcessDaemon d = InProcessDaemon.start(InProcessDaemon.settings(home.home, socket))) {
                d.awaitOnline("p1", 30_000);
                Map<String, String> env = Map.of("UPYD_SOCKET", socket.toString(), "UPYD_HOME", home.home.toString());
                List<String> cli = List.of(launcher.toString(), "exec", "p1", "print(1)");
                List<String> hello = new ArrayList<>();
                String java = cliJava(launcher);
                hello.add(java);
                hello.addAll(CLI_JVM_FLAGS);
                hello.add("-cp");
                hello.add(HelloWorld.class.getProtectionDomain().getCodeSource().getLocation().getPath());
                hello.add(HelloWorld.class.getName());
                // A daemon serves commands for days: its exec path is compiled long before a user's next command.
                // Warm this freshly started one the same way (its JIT would otherwise share the 2 cores with the
                // CLI being measured), through the local API, not through the CLI being measured.
                try (dev.upyd.daemon.api.LocalApiClient api = dev.upyd.daemon.api.LocalApiClient.connect(socket)) {
                    for (int i = 0; i < DAEMON_WARM_UP; i++) {
                        dev.upyd.daemon.api.LocalApiClient.Outcome o = api.exec("p1", "print(1)",
                                Duration.ofSeconds(10));
                        if (o.exitCode() != 0) {
                            throw new IllegalStateException("warm-up exec failed: " + o.message());
                        }
                    }
                }
                System.out.println("P1: " + String.join(" ", cli) + " vs bare JVM hello-world on " + java
                        + ", daemon warmed with " + DAEMON_WARM_UP + " execs, 3 warm-up + " + runs
                        + " measured each, alternating");
                for (int i = 0; i < 3; i++) {
                    time(cli, env, work);
                    time(hello, Map.of(), work);
                }
                long[] tc = new long[runs];
                long[] th = new long[runs];
                for (int i = 0; i < runs; i++) {
                    tc[i] = time(cli, env, work);
                    th[i] = time(hello, Map.of(), work);
                }
                Samples c = new Samples(tc);
                Samples h = new Samples(th);
                // here the ratio is a cost (upyd / hello-world), lower is better
                table.add("P1", "upyd exec p50 (vs bare JVM hello-world)", ResultTable.ms(c.medianMs()),
                        ResultTable.ms(h.medianMs()), String.format("%.2fx", c.medianMs() / h.medianMs()), "<= 1.5x");
                table.add("P1", "upyd exec p90", ResultTable.ms(c.p90Ms()), ResultTable.ms(h.p90Ms()),
                        String.format("%.2fx", c.p90Ms() / h.p90Ms()), "<= 1.5x");
            }
        } finally {
            sim.stop();
        }
    }

    /** Wall time of one process run, which must exit 0 and print 1. */
    private static long time(List<String> cmd, Map<String, String> env, Path work) throws IOException,
            InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd.get(0) + " did not finish within 60 s");
        }
        long t = System.nanoTime() - t0;
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || !text.strip().equals("1")) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ", output: " + text);
        }
        return t;
    }
}
