package dev.upyd.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.cli.Main;
import dev.upyd.cli.util.PyStr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** `upyd pytest` with upydev's YAML test files, against the real daemon and the real MicroPython interpreter. */
@Timeout(240)
class PytestEndToEndTest {
    @TempDir
    static Path tmp;
    static CliDaemonFixture fx;

    static final String TESTS = """
            ---
              - name: "sum"
                load: ./dev_tests/basic_math.py
                command: "a = do_sum"
                args: [1, 1]
                result: a
                exp: 2
              - name: "division"
                command: "a = do_div"
                args: [1, 2]
                result: a
                exp: 0.5
                exp_type: float
              - name: "wrong"
                command: "a = do_sum"
                args: [2, 2]
                result: a
                exp: 5
              - name: "raises"
                command: "do_div(1, 0)"
              - name: "contains"
                result: "'yz'"
                exp: "['x', 'yz']"
                assert_op: in
              - name: "all above"
                hint: every item above the expected value
                result: "[1, 2, 3]"
                exp: 0
                assert_op: "<"
                assert_itr: all
              - name: "type"
                result: "'12'"
                exp_type: int
              - name: "echo"
                command: "6*7"
              - name: "bench"
                benchmark: "do_sum"
                args: [1, 2]
                rounds: 3
              - name: "net"
                network: "iperf3:server"
              - name: "reload"
                command: "import helper_mod"
                reload: helper_mod
              - name: "reloaded"
                result: "'helper_mod' in __import__('sys').modules"
                exp: false
              - name: "after reset"
                reset: soft
                result: "'a' in globals()"
                exp: false
            """;

    @BeforeAll
    static void start() throws Exception {
        fx = new CliDaemonFixture(tmp);
        fx.micropython("mp1");
        fx.startDaemon();
        fx.awaitOnline(90_000, "mp1");
        Path work = fx.cli.cwd;
        Files.createDirectories(work.resolve("dev_tests"));
        Files.writeString(work.resolve("dev_tests/basic_math.py"),
                "def do_sum(a, b):\n    return a + b\n\ndef do_div(a, b):\n    return a / b\n");
        Files.writeString(work.resolve("test_math.yaml"), TESTS);
        assertEquals(0, fx.cli.run("exec", "f=open('helper_mod.py','w');f.write(" + PyStr.of("print('helper ran')\n")
                + ");f.close()"), fx.cli.err);
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private static String row(String out, String name) {
        Matcher m = Pattern.compile("(?m)^ *\\d+  " + Pattern.quote(name) + " +(\\S+) .*$").matcher(out);
        assertTrue(m.find(), "no row for " + name + " in:\n" + out);
        return m.group();
    }

    @Test
    void upydevsDirectivesRunOnTheDeviceAndTheTableSaysHowEachWent() throws Exception {
        int code = fx.cli.run("pytest", "test_math.yaml", "--junitxml", "out/report.xml");
        String o = fx.cli.out;
        assertEquals(Main.ExitCodes.DEVICE_EXCEPTION, code, o + fx.cli.err);
        assertTrue(o.startsWith("Running pytest with Device: mp1\n"), o);
        assertTrue(o.matches("(?s).*\\d\\d:\\d\\d:\\d\\d \\[pytest\\] \\[mp1\\] \\[[A-Z0-9]+\\] : Running \\[sum\\] test\\.\\.\\.\n.*"), o);
        assertTrue(o.contains(": Loading ./dev_tests/basic_math.py file...\n"), o);
        assertTrue(o.contains(": Command [a = do_sum(*[1, 1])] \n"), o);
        assertTrue(o.contains(": expected: 2 == result: 2\n"), o);
        assertTrue(o.contains(": sum TEST: [\u2714]\nTest Result: PASSED\n"), o);
        assertTrue(o.contains(": Hint: every item above the expected value\n"), o);
        assertTrue(o.contains("\n42\n"), "a one-line command goes through the friendly REPL, as upydev's wr_cmd: " + o);
        assertTrue(o.contains("helper ran"), o);
        assertTrue(fx.cli.err.contains("ZeroDivisionError"), "the traceback is shown: " + fx.cli.err);

        assertTrue(row(o, "sum").matches(" *1  sum +PASSED +\\d+ ms"), row(o, "sum"));
        assertTrue(row(o, "division").contains("PASSED"), o);
        assertTrue(row(o, "wrong").matches(".*FAILED +\\d+ ms +expected: 5 == result: 4"), row(o, "wrong"));
        assertTrue(row(o, "raises").matches(".*FAILED .*command raised ZeroDivisionError: divide by zero"), row(o, "raises"));
        assertTrue(row(o, "contains").contains("PASSED"), row(o, "contains"));
        assertTrue(o.contains(": result: 'yz' in expected: ['x', 'yz']\n"), "upydev's order: result in expected: " + o);
        assertTrue(row(o, "all above").contains("PASSED"), row(o, "all above"));
        assertTrue(row(o, "type").matches(".*FAILED .*expected: int --> result: '12'"), row(o, "type"));
        assertTrue(row(o, "echo").contains("PASSED"), o);
        assertTrue(row(o, "bench").contains("PASSED"), o);
        assertTrue(o.contains(": Benchmark [bench] device (s): min 3.0000 max 3.0000 mean 3.0000"), o);
        assertTrue(o.contains(": Benchmark [bench] host round trip (ms): min "), o);
        assertTrue(row(o, "net").matches(".*SKIPPED .*network tests \\(iperf3:server\\) need iperf3.*"), row(o, "net"));
        assertTrue(row(o, "reloaded").contains("PASSED"), "reload dropped the module: " + row(o, "reloaded"));
        assertTrue(row(o, "after reset").contains("PASSED"), "the soft reset cleared the globals: " + row(o, "after reset"));
        assertTrue(o.matches("(?s).*\n== 9 passed, 3 failed, 1 skipped in \\d+\\.\\d\\ds ==\n"), o);

        Document x = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(fx.cli.cwd.resolve("out/report.xml").toFile());
        Element suite = x.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("13", suite.getAttribute("tests"));
        assertEquals("3", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("skipped"));
        Element wrong = (Element) x.getElementsByTagName("testcase").item(2);
        assertEquals("wrong", wrong.getAttribute("name"));
        assertEquals("mp1.test_math.yaml", wrong.getAttribute("classname"));
        assertEquals("expected: 5 == result: 4",
                ((Element) wrong.getElementsByTagName("failure").item(0)).getAttribute("message"));
        try (var s = Files.list(fx.cli.cwd.resolve("out"))) {
            assertEquals(1, s.count(), "no temporary file left beside the report");
        }
    }

    @Test
    void theShippedExampleTestsPass() {
        String example = CliDaemonFixture.repoRoot().resolve("config/examples/device_tests.yaml").toString();
        assertEquals(0, fx.cli.run("pytest", example), fx.cli.out + fx.cli.err);
        assertTrue(fx.cli.out.contains("== 4 passed in "), fx.cli.out);
    }

    @Test
    void dashKSelectsTestsByName() {
        assertEquals(0, fx.cli.run("pytest", "test_math.yaml", "-k", "SUM"), fx.cli.out + fx.cli.err);
        assertTrue(fx.cli.out.contains("== 1 passed in "), fx.cli.out);
        assertFalse(fx.cli.out.contains("division"), fx.cli.out);
        assertEquals(Main.ExitCodes.USAGE, fx.cli.run("pytest", "test_math.yaml", "-k", "nothing-like-this"));
        assertTrue(fx.cli.err.contains("no test name contains 'nothing-like-this'"), fx.cli.err);
    }

    @Test
    void badInputIsRefusedBeforeAnyDeviceWork() throws Exception {
        Path w = fx.cli.cwd;
        Files.writeString(w.resolve("typo.yaml"), "- name: ok\n  result: '1'\n  exp: 1\n- name: typo\n  comand: x\n");
        assertEquals(Main.ExitCodes.USAGE, fx.cli.run("pytest", "typo.yaml"));
        assertTrue(fx.cli.err.contains("typo.yaml: test 2: unknown directive 'comand'"), fx.cli.err);
        assertEquals("", fx.cli.out, "nothing ran: " + fx.cli.out);

        Files.writeString(w.resolve("broken.yaml"), "- name: x\n  result: [1\n");
        assertEquals(Main.ExitCodes.USAGE, fx.cli.run("pytest", "broken.yaml"));
        assertTrue(fx.cli.err.contains("broken.yaml: not valid YAML: ") && fx.cli.err.contains("line 2"), fx.cli.err);

        assertEquals(Main.ExitCodes.LOCAL_IO, fx.cli.run("pytest", "absent.yaml"));
        assertTrue(fx.cli.err.contains("absent.yaml: no such file"), fx.cli.err);
        assertEquals(Main.ExitCodes.USAGE, fx.cli.run("pytest", "test_esp.py"));
        assertTrue(fx.cli.err.contains("test_esp.py: a Python pytest module"), fx.cli.err);

        Files.writeString(w.resolve("noload.yaml"), "- name: x\n  load: missing_script.py\n");
        assertEquals(Main.ExitCodes.DEVICE_EXCEPTION, fx.cli.run("pytest", "noload.yaml"));
        assertTrue(fx.cli.out.contains("load: missing_script.py: no such file (looked in "), fx.cli.out);

        assertEquals(0, fx.cli.run("pytest", "setup"));
        assertTrue(fx.cli.out.contains("nothing to set up"), fx.cli.out);
    }
}
