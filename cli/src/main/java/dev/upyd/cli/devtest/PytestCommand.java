package dev.upyd.cli.devtest;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.command.DeviceCommand;
import dev.upyd.cli.command.DeviceRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pytest", mixinStandardHelpOptions = true,
        description = {"Run upydev's YAML device tests (name, load, command, args, kwargs, result, exp, exp_type,"
                + " assert_op, assert_itr, reset, reload, benchmark, rounds, hint) on the device and print the"
                + " results as a table; exit 1 when a test failed.",
                "upyd differs: the tests run in upyd itself, over the daemon's held session, so neither Python's"
                        + " pytest nor upydevice is needed and `pytest setup` has nothing to do; Python test modules"
                        + " (test_*.py) are not run (use pytest with upydevice for those); a misspelt directive is an"
                        + " error, not ignored; network (iperf3) tests are reported as skipped; -k selects by a"
                        + " substring of the test name; a `load:` file is also looked for beside the YAML file."})
public final class PytestCommand extends DeviceCommand {
    @Parameters(arity = "1..*", paramLabel = "TESTFILE", description = "YAML test files (or `setup`).")
    List<String> files = new ArrayList<>();

    @Option(names = "-k", paramLabel = "TEXT", description = "Only tests whose name contains TEXT (any case).")
    String select;

    @Option(names = "--junitxml", paramLabel = "PATH", description = "Also write a JUnit XML report (for CI).")
    Path junit;

    private final List<TestOutcome> all = Collections.synchronizedList(new ArrayList<>());
    private List<DeviceTestFile> suites;
    private long startedNanos;

    @Override
    public Integer call() throws Exception {
        if (files.size() == 1 && files.get(0).equals("setup")) {
            spec.commandLine().getOut().println("upyd runs YAML device tests itself: nothing to set up"
                    + " (upydev's pytest.ini and conftest.py are not needed)");
            return Main.ExitCodes.OK;
        }
        suites = load(main.settings().cwd());
        if (suites.stream().allMatch(s -> s.tests().isEmpty())) {
            throw new CliException(Main.ExitCodes.USAGE, "no test name contains '" + select + "'");
        }
        startedNanos = System.nanoTime();
        int code = super.call();
        if (junit != null) {
            JunitReport.write(main.settings().cwd().resolve(junit), List.copyOf(all), seconds());
        }
        return code;
    }

    private List<DeviceTestFile> load(Path cwd) {
        List<DeviceTestFile> out = new ArrayList<>();
        for (String f : files) {
            if (f.endsWith(".py")) {
                throw new CliException(Main.ExitCodes.USAGE, f + ": a Python pytest module; upyd runs upydev's YAML"
                        + " device tests (.yaml). Run Python test modules with pytest and upydevice.");
            }
            if (!f.endsWith(".yaml") && !f.endsWith(".yml")) {
                throw new CliException(Main.ExitCodes.USAGE, f + ": not a YAML test file (.yaml, .yml)");
            }
            DeviceTestFile file = DeviceTestFile.read(cwd.resolve(f));
            if (select != null) {
                String k = select.toLowerCase(Locale.ROOT);
                file = new DeviceTestFile(file.path(),
                        file.tests().stream().filter(t -> t.name().toLowerCase(Locale.ROOT).contains(k)).toList());
            }
            out.add(file);
        }
        return out;
    }

    private double seconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        long t0 = System.nanoTime();
        run.out().println("Running pytest with Device: " + run.device());
        DeviceTestRunner runner = new DeviceTestRunner(run);
        runner.greet();
        List<TestOutcome> results = runner.runAll(suites);
        all.addAll(results);
        run.out().println();
        TestTable.print(run.out(), results, suites.size() > 1, (System.nanoTime() - t0) / 1e9);
        boolean failed = results.stream().anyMatch(r -> r.status() == TestOutcome.Status.FAILED
                || r.status() == TestOutcome.Status.ERROR);
        return failed ? Main.ExitCodes.DEVICE_EXCEPTION : Main.ExitCodes.OK;
    }
}
