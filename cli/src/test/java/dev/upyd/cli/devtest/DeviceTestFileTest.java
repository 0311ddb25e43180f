package dev.upyd.cli.devtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** upydev's test-file directives read into DeviceTest: text in, tests out, a bad file refused with where and why. */
class DeviceTestFileTest {
    @TempDir
    Path tmp;

    private List<DeviceTest> read(String yaml) throws Exception {
        Path f = tmp.resolve("t.yaml");
        Files.writeString(f, yaml, StandardCharsets.UTF_8);
        return DeviceTestFile.read(f).tests();
    }

    private String refused(String yaml) {
        CliException e = assertThrows(CliException.class, () -> read(yaml));
        assertEquals(Main.ExitCodes.USAGE, e.exitCode());
        return e.getMessage();
    }

    @Test
    void upydevsBasicMathFileComposesTheCallsAsUpydevDoes() throws Exception {
        List<DeviceTest> t = read("""
                ---
                  - name: "sum"
                    load: ./dev_tests/test_basic_math.py
                    command: "a = do_sum"
                    args: [1, 1]
                    result: a
                    exp: 2
                  - name: "kw"
                    command: "a = f(1)"
                    kwargs: {base: 16, sep: ","}
                    result: a
                    exp: "[1, 'x']"
                  - name: "text args"
                    command: "a = g"
                    args: "[x, 2]"
                    result: a
                    exp: hello
                    assert_op: startswith
                  - name: "bench"
                    benchmark: "pystone_lowmem.main"
                    args: [500, True]
                    rounds: 3
                    reload: pystone_lowmem
                """);
        assertEquals(4, t.size());
        assertEquals("a = do_sum(*[1, 1])", t.get(0).command());
        assertEquals("2", t.get(0).expected());
        assertEquals("./dev_tests/test_basic_math.py", t.get(0).load());
        assertEquals("a = f(1, **{'base': 16, 'sep': ','})", t.get(1).command());
        assertEquals("[1, 'x']", t.get(1).expected(), "a string exp is read as a Python literal, as literal_eval does");
        assertEquals("a = g(*[x, 2])", t.get(2).command(), "text args are Python, spliced as upydev does");
        assertEquals("'hello'", t.get(2).expected(), "what is no literal stays a string");
        assertTrue(t.get(3).benchmark());
        assertEquals("pystone_lowmem.main(*[500, True])", t.get(3).command());
        assertEquals(3, t.get(3).rounds());
        assertEquals("pystone_lowmem", t.get(3).reload());
        assertEquals(5, t.get(0).rounds(), "upydev's default");
    }

    @Test
    void expectedValuesBecomeMicroPythonLiteralsNeverCode() {
        assertEquals("0.5", ExpectedValue.python(0.5));
        assertEquals("True", ExpectedValue.python(true));
        assertEquals("[1, 'a', None]", ExpectedValue.python(List.of(1, "a", java.util.Map.of()).subList(0, 2).size() == 2
                ? java.util.Arrays.asList(1, "a", null) : null));
        assertEquals("(1, 2)", ExpectedValue.python("(1, 2)"));
        assertEquals("(1,)", ExpectedValue.python("(1,)"));
        assertEquals("bytearray(b'ab\\x00')", ExpectedValue.python("bytearray(b'ab\\x00')"));
        assertEquals("__import__('array').array('i', [1, 2])", ExpectedValue.python("array('i', [1, 2])"));
        assertEquals("float('inf')", ExpectedValue.python(Double.POSITIVE_INFINITY));
        assertEquals("'__import__(\\'os\\').remove(\\'x\\')'", ExpectedValue.python("__import__('os').remove('x')"),
                "code in exp is compared as a string, never run");
    }

    @Test
    void aMisspeltDirectiveIsAnErrorNamingTheTest() {
        String m = refused("- name: sum\n  comand: 'a = 1'\n");
        assertTrue(m.startsWith("t.yaml: test 1: unknown directive 'comand' (known: "), m);
        assertTrue(m.contains("command"), m);
    }

    @Test
    void badValuesAreRefusedWithTheTestsName() {
        assertTrue(refused("- name: x\n  result: a\n  exp: 1\n  assert_op: '=~'\n")
                .startsWith("t.yaml: test 1 (x): 'assert_op' must be one of >, <, >=, <=, !=, in, is, is not,"));
        assertTrue(refused("- name: x\n  result: a\n  exp_type: number\n").contains("'exp_type' must be one of array, bool"));
        assertTrue(refused("- name: x\n  exp: 1\n").contains("need a 'result'"));
        assertTrue(refused("- name: x\n  reset: warm\n").contains("'reset' must be soft or hard"));
        assertTrue(refused("- name: x\n  reload: \"m'];import os#\"\n").contains("'reload' must name a module"));
        assertTrue(refused("- name: x\n  benchmark: f\n  rounds: -1\n").contains("'rounds' must be a whole number"));
        assertTrue(refused("- name: x\n  args: [1]\n").contains("need a 'command' or 'benchmark'"));
        assertTrue(refused("- name: x\n  result: a\n  exp: [1]\n  assert_itr: any\n").contains("'assert_itr' needs an 'assert_op'"));
        assertTrue(refused("- hint: no name\n").contains("t.yaml: test 1: 'name' is missing"));
        assertTrue(refused("- name: a\n- name: a\n").contains("two tests are named 'a'"));
    }

    @Test
    void notAListOrNotYamlIsRefusedWithTheLine() {
        assertTrue(refused("name: x\n").startsWith("t.yaml: expected a list (- name: ...), found a mapping"));
        assertTrue(refused("").contains("no tests in the file"));
        assertTrue(refused("[]").contains("no tests in the file"));
        String m = refused("- name: x\n  command: [unclosed\n");
        assertTrue(m.startsWith("t.yaml: not valid YAML: ") && m.contains("line"), m);
        assertTrue(refused("- name: x\n  name: y\n").contains("duplicate key"), "duplicate keys hide typos");
        assertTrue(refused("- !!javax.script.ScriptEngineManager [x]\n").startsWith("t.yaml: not valid YAML"),
                "no Java types from a file");
    }

    @Test
    void verdictLinesAreReadFromTheEndOfTheDevicesAnswer() {
        VerdictCode.Verdict v = VerdictCode.parse("printed by the result\r\n[1, 2]\r\n@upyd-verdict True False\r\n");
        assertEquals("[1, 2]", v.resultRepr());
        assertTrue(v.typeOk());
        assertFalse(v.valueOk());
        assertNull(VerdictCode.parse("no verdict\n"));
        assertNull(VerdictCode.parse("@upyd-verdict True True\n"), "no repr line before it");
    }
}
