package dev.upyd.cli.devtest;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.cli.util.PyExpr;
import dev.upyd.cli.yaml.YamlMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of an upydev device-test file (upydev's test_dev.py directives), checked when the file is read
 * so that a typo fails before any device work. {@code command} already carries upydev's
 * {@code COMMAND(*ARGS, **KWARGS)} composition; {@code expected} is Python source (see {@link ExpectedValue}).
 */
public record DeviceTest(String file, int index, String name, String hint, String reset, String load, String command,
                         String result, String expected, String expType, String assertOp, String assertItr,
                         String reload, boolean benchmark, int rounds, String unit, String network) {

    static final Set<String> DIRECTIVES = Set.of("name", "hint", "reset", "load", "command", "args", "kwargs", "result",
            "exp", "exp_type", "assert_op", "assert_itr", "reload", "benchmark", "bench_host", "diff", "follow",
            "rounds", "unit", "network", "ip");
    /** upydev's _EXP_TYPES, as the device names them. */
    static final Map<String, String> TYPES = Map.of("int", "int", "str", "str", "bool", "bool", "float", "float",
            "tuple", "tuple", "list", "list", "bytes", "bytes", "bytearray", "bytearray", "dict", "dict",
            "array", "__import__('array').array");
    static final List<String> OPS = List.of(">", "<", ">=", "<=", "!=", "in", "is", "is not", "startswith", "endswith");
    private static final Pattern MODULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    static final int MAX_ROUNDS = 10_000;

    public boolean asserts() {
        return result != null;
    }

    static DeviceTest of(Object node, String file, int index) {
        String where = file + ": test " + index;
        YamlMap m = YamlMap.of(node, where, DIRECTIVES);
        String name = m.requiredText("name");
        where = file + ": test " + index + " (" + name + ")";
        m = m.at(where);
        String reset = m.text("reset");
        if (reset != null && !reset.equals("soft") && !reset.equals("hard")) {
            throw bad(where + ": 'reset' must be soft or hard, found '" + reset + "'");
        }
        boolean bench = m.has("benchmark");
        String base = bench ? m.requiredText("benchmark") : m.text("command");
        if (bench && m.has("command")) {
            throw bad(where + ": 'benchmark' and 'command' exclude each other (benchmark names the command)");
        }
        String command = compose(base, m, where);
        String result = m.text("result");
        String expType = m.text("exp_type");
        if (expType != null && !TYPES.containsKey(expType)) {
            throw bad(where + ": 'exp_type' must be one of " + String.join(", ", new java.util.TreeSet<>(TYPES.keySet()))
                    + ", found '" + expType + "'");
        }
        String op = m.text("assert_op");
        if (op != null && !OPS.contains(op)) {
            throw bad(where + ": 'assert_op' must be one of " + String.join(", ", OPS) + ", found '" + op + "'");
        }
        String itr = m.text("assert_itr");
        if (itr != null && !itr.equals("any") && !itr.equals("all")) {
            throw bad(where + ": 'assert_itr' must be any or all, found '" + itr + "'");
        }
        if (itr != null && op == null) {
            throw bad(where + ": 'assert_itr' needs an 'assert_op'");
        }
        String expected = m.has("exp") && m.raw("exp") != null ? ExpectedValue.python(m.raw("exp")) : null;
        if (result == null && (expected != null || expType != null || op != null)) {
            throw bad(where + ": 'exp', 'exp_type' and 'assert_op' need a 'result' (the expression to check)");
        }
        if (op != null && expected == null) {
            throw bad(where + ": 'assert_op' needs an 'exp'");
        }
        String reload = m.text("reload");
        if (reload != null && !MODULE.matcher(reload).matches()) {
            throw bad(where + ": 'reload' must name a module, found '" + reload + "'");
        }
        int rounds = m.count("rounds", 5, MAX_ROUNDS);
        if (rounds == 0) {
            throw bad(where + ": 'rounds' must be at least 1");
        }
        return new DeviceTest(file, index, name, m.text("hint"), reset, m.text("load"), command, result, expected,
                expType, op, itr, reload, bench, rounds, m.text("unit"), m.text("network"));
    }

    /** upydev: {@code f"{COMMAND}(*{ARGS})"}, then kwargs into the call; text args are Python already. */
    private static String compose(String command, YamlMap m, String where) {
        Object args = m.raw("args");
        Object kwargs = m.raw("kwargs");
        if (command == null) {
            if (args != null || kwargs != null) {
                throw bad(where + ": 'args'/'kwargs' need a 'command' or 'benchmark' to call");
            }
            return null;
        }
        if (args != null) {
            if (!(args instanceof List<?> || args instanceof String)) {
                throw bad(where + ": 'args' must be a list (or Python text), found '" + args + "'");
            }
            command = command + "(*" + (args instanceof String s ? s : PyExpr.of(args)) + ")";
        }
        if (kwargs != null) {
            if (!(kwargs instanceof Map<?, ?> || kwargs instanceof String)) {
                throw bad(where + ": 'kwargs' must be a mapping (or Python text), found '" + kwargs + "'");
            }
            String kw = kwargs instanceof String s ? s : PyExpr.of(kwargs);
            command = command.endsWith(")") ? command.substring(0, command.length() - 1) + ", **" + kw + ")"
                    : command + "(**" + kw + ")";
        }
        return command;
    }

    private static CliException bad(String msg) {
        return new CliException(Main.ExitCodes.USAGE, msg);
    }
}
