package dev.upyd.cli.devtest;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.command.DeviceRun;
import dev.upyd.cli.command.ExecSupport;
import dev.upyd.cli.command.LocalScript;
import dev.upyd.cli.command.SoftReset;
import dev.upyd.cli.command.Style;
import dev.upyd.cli.util.PyStr;
import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.pylit.PythonLiteral;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs device tests on one device through the daemon's held session, logging as upydev's test_dev.py does
 * ({@code 17:06:44 [pytest] [dev] [ESP32] : Running [sum] test...}). A test fails on a device exception, a
 * wrong type or value; a device that drops away ends the run (the rest are reported as not run).
 */
final class DeviceTestRunner {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final DeviceRun run;
    private final Style style;
    private final Path cwd;
    private String platform = "";

    DeviceTestRunner(DeviceRun run) {
        this.run = run;
        this.style = new Style(run);
        this.cwd = run.settings().cwd();
    }

    /** The device's platform and firmware, logged before the tests (upydev's test_platform). */
    void greet() throws IOException {
        String answer = run.client().eval(run.device(),
                "import os,sys\nprint(repr([sys.platform, os.uname().machine, os.uname().release, sys.implementation.name]))\n")
                .strip();
        List<?> facts;
        try {
            facts = PythonLiteral.parse(answer) instanceof List<?> l && l.size() == 4 ? l : null;
        } catch (ProtocolException e) {
            facts = null;
        }
        if (facts == null) {
            throw new CliException(Main.ExitCodes.INTERNAL, run.device() + ": unexpected answer to the platform query: " + answer);
        }
        platform = String.valueOf(facts.get(0)).toUpperCase(Locale.ROOT);
        log("Device: " + facts.get(0));
        log("Firmware: " + facts.get(3) + " " + facts.get(2) + "; " + facts.get(1));
    }

    List<TestOutcome> runAll(List<DeviceTestFile> files) throws IOException, InterruptedException {
        List<TestOutcome> out = new ArrayList<>();
        String lost = null;
        for (DeviceTestFile f : files) {
            for (DeviceTest t : f.tests()) {
                if (lost != null) {
                    out.add(outcome(t, TestOutcome.Status.SKIPPED, 0, "not run: " + lost));
                    continue;
                }
                TestOutcome o = runOne(f, t);
                out.add(o);
                if (o.status() == TestOutcome.Status.ERROR) {
                    lost = o.detail();
                }
            }
        }
        return out;
    }

    private TestOutcome runOne(DeviceTestFile f, DeviceTest t) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        run.out().println(f.path().getFileName() + "::" + t.name());
        log("Running [" + t.name() + "] test...");
        TestOutcome.Status status;
        String detail;
        try {
            Finding found = body(f, t);
            status = found.status();
            detail = found.detail();
        } catch (CliException e) {
            // the session is gone or the daemon refused: this device cannot go on
            status = TestOutcome.Status.ERROR;
            detail = e.getMessage();
        } finally {
            reload(t);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        switch (status) {
            case PASSED -> log(t.name() + " TEST: [" + style.ok("\u2714") + "]");
            case SKIPPED -> log(t.name() + " TEST: skipped: " + detail);
            default -> log(t.name() + " TEST: [" + style.bad("\u2718") + "] " + detail);
        }
        run.out().println("Test Result: " + (status == TestOutcome.Status.PASSED ? style.ok("PASSED")
                : status == TestOutcome.Status.SKIPPED ? "SKIPPED" : style.bad(status.name())));
        run.out().flush();
        return outcome(t, status, ms, detail);
    }

    /** How a test's body ended, and why when it did not pass. */
    private record Finding(TestOutcome.Status status, String detail) {
        static final Finding PASSED = new Finding(TestOutcome.Status.PASSED, "");

        /** null (the step went through) is a pass; a reason is a failure */
        static Finding of(String failure) {
            return failure == null ? PASSED : new Finding(TestOutcome.Status.FAILED, failure);
        }
    }

    private Finding body(DeviceTestFile f, DeviceTest t) throws IOException, InterruptedException {
        if (t.reset() != null) {
            log("Reset: " + t.reset());
            new SoftReset(run).restart(t.reset().equals("hard"), run.settings().reconnectWaitSeconds());
        }
        if (t.load() != null) {
            String failed = load(f, t.load());
            if (failed != null) {
                return Finding.of(failed);
            }
        }
        if (t.hint() != null) {
            log("Hint: " + t.hint());
        }
        if (t.network() != null) {
            return new Finding(TestOutcome.Status.SKIPPED,
                    "network tests (" + t.network() + ") need iperf3 on host and device; upyd does not run them");
        }
        if (t.benchmark()) {
            return Finding.of(benchmark(t));
        }
        if (t.command() != null) {
            log("Command [" + t.command() + "] ");
            ExecSupport.Followed r = ExecSupport.followLine(run, t.command());
            if (!r.ok()) {
                return Finding.of("command raised " + r.error());
            }
        }
        return t.asserts() ? Finding.of(verdict(t)) : Finding.PASSED;
    }

    private String load(DeviceTestFile f, String load) throws IOException {
        LocalScript script;
        try {
            script = LocalScript.of(load, cwd, f.dir());
        } catch (CliException e) {
            return e.getMessage();
        }
        if (script.file() != null) {
            log("Loading " + load + " file...");
            log(load + ": " + Files.size(script.file()) / 1000.0 + " kB");
        } else {
            log("Loading " + (load.length() > 10 ? load.substring(0, 10) : load) + "... snippet");
        }
        ExecSupport.Followed r = ExecSupport.follow(run, script.code());
        return r.ok() ? null : "load raised " + r.error();
    }

    private String verdict(DeviceTest t) throws IOException {
        java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
        var o = run.client().exec(run.device(), VerdictCode.of(t),
                (s, d) -> (s == dev.upyd.protocol.api.Output.STDERR ? stderr : stdout).write(d));
        String err = stderr.toString(StandardCharsets.UTF_8).strip();
        if (!o.ok()) {
            if (o.daemonError() || o.exitCode() != Main.ExitCodes.DEVICE_EXCEPTION) {
                throw new CliException(o.exitCode(), run.device() + ": " + o.message());
            }
            String last = err.substring(err.lastIndexOf('\n') + 1);
            return "result " + t.result() + " raised " + last;
        }
        VerdictCode.Verdict v = VerdictCode.parse(stdout.toString(StandardCharsets.UTF_8));
        if (v == null) {
            return "the device gave no verdict for " + t.result();
        }
        if (t.expType() != null) {
            String msg = "expected: " + t.expType() + " --> result: " + v.resultRepr();
            log(msg);
            if (!v.typeOk()) {
                return msg;
            }
        }
        if (t.expected() == null) {
            return null;
        }
        String msg;
        if (t.assertOp() == null) {
            msg = "expected: " + t.expected() + " == result: " + v.resultRepr();
        } else if (t.assertItr() != null) {
            msg = "expected: " + t.expected() + " " + t.assertOp() + "  (" + t.assertItr() + ") result: " + v.resultRepr();
        } else if (List.of("in", "is", "is not", "startswith", "endswith").contains(t.assertOp())) {
            msg = "result: " + v.resultRepr() + " " + t.assertOp() + " expected: " + t.expected();
        } else {
            msg = "expected: " + t.expected() + " " + t.assertOp() + " result: " + v.resultRepr();
        }
        log(msg);
        return v.valueOk() ? null : msg;
    }

    /**
     * upydev's benchmark: the command is called {@code rounds} times; a number it returns is the device's own
     * measure (seconds, or {@code unit}), and the host's round-trip time is reported beside it.
     */
    private String benchmark(DeviceTest t) throws IOException {
        log("Benchmark Command [" + t.command() + "] ");
        double[] host = new double[t.rounds()];
        double[] device = new double[t.rounds()];
        boolean numeric = true;
        for (int i = 0; i < t.rounds(); i++) {
            long t0 = System.nanoTime();
            String answer;
            try {
                answer = run.client().eval(run.device(), "print(repr(" + t.command() + "))\n").strip();
            } catch (dev.upyd.cli.client.DeviceCommandException e) {
                if (e.exitCode() != Main.ExitCodes.DEVICE_EXCEPTION) {
                    throw e;
                }
                return "benchmark raised " + e.getMessage();
            }
            host[i] = (System.nanoTime() - t0) / 1e6;
            String last = answer.substring(answer.lastIndexOf('\n') + 1).strip();
            try {
                Object v = PythonLiteral.parse(last);
                if (v instanceof Number n && !(v instanceof Double d && d.isNaN())) {
                    device[i] = n.doubleValue();
                } else {
                    numeric = false;
                }
            } catch (ProtocolException e) {
                numeric = false;
            }
        }
        String unit = t.unit() == null ? "s" : t.unit();
        if (numeric) {
            log("Benchmark [" + t.name() + "] device (" + unit + "): " + Stats.of(device).describe());
        }
        log("Benchmark [" + t.name() + "] host round trip (ms): " + Stats.of(host).describe());
        return null;
    }

    private void reload(DeviceTest t) throws IOException {
        if (t.reload() == null) {
            return;
        }
        try {
            run.client().eval(run.device(), "import sys,gc\nsys.modules.pop(" + PyStr.of(t.reload()) + ", None)\ngc.collect()\n");
        } catch (CliException e) {
            // the device is gone: the test's own outcome already says so
        }
    }

    private TestOutcome outcome(DeviceTest t, TestOutcome.Status s, long ms, String detail) {
        return new TestOutcome(run.device(), t.file(), t.name(), s, ms, detail);
    }

    private void log(String msg) {
        run.out().println(LocalTime.now().format(CLOCK) + " [pytest] [" + run.device() + "] [" + platform + "] : " + msg);
        run.out().flush();
    }
}
