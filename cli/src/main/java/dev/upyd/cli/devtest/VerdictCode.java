package dev.upyd.cli.devtest;

import java.util.List;

/**
 * The device code that evaluates a test's {@code result} and checks it, the way upydev's test_dev.py does
 * on the host: exp_type first (isinstance), then {@code exp} with {@code assert_op} (upydev's operand order:
 * {@code expected > result}, {@code result in expected}, ...), over each item with {@code assert_itr}. The
 * device prints the repr of the result, then a last line {@code <verdict> <type ok> <value ok>}.
 */
final class VerdictCode {
    static final String MARK = "@upyd-verdict";
    private static final String R = "_upyd_r";
    private static final String E = "_upyd_e";

    private VerdictCode() {
    }

    static String of(DeviceTest t) {
        StringBuilder py = new StringBuilder();
        py.append(R).append(" = (").append(t.result()).append(")\n");
        py.append(E).append(" = ").append(t.expected() == null ? "None" : "(" + t.expected() + ")").append('\n');
        String typeOk = t.expType() == null ? "True" : "isinstance(" + R + ", " + DeviceTest.TYPES.get(t.expType()) + ")";
        String valueOk;
        if (t.expected() == null) {
            valueOk = "True";
        } else if (t.assertItr() != null) {
            valueOk = t.assertItr() + "(" + check(t.assertOp(), "_upyd_x") + " for _upyd_x in " + R + ")";
        } else {
            valueOk = check(t.assertOp(), R);
        }
        py.append("print(repr(").append(R).append("))\n");
        py.append("_upyd_t = bool(").append(typeOk).append(")\n");
        // the value is not compared when the type is already wrong (upydev's assert stops there)
        py.append("print('").append(MARK).append("', _upyd_t, _upyd_t and bool(").append(valueOk).append("))\n");
        py.append("del ").append(R).append(", ").append(E).append(", _upyd_t\n");
        return py.toString();
    }

    private static String check(String op, String r) {
        if (op == null) {
            return E + " == " + r;
        }
        return switch (op) {
            case "in" -> r + " in " + E;
            case "is" -> r + " is " + E;
            case "is not" -> r + " is not " + E;
            case "startswith" -> r + ".startswith(" + E + ")";
            case "endswith" -> r + ".endswith(" + E + ")";
            default -> E + " " + op + " " + r;
        };
    }

    /** What the device answered: the result's repr and the two checks. */
    record Verdict(String resultRepr, boolean typeOk, boolean valueOk) {
    }

    /** Null when the answer has no verdict line (the device said something else). */
    static Verdict parse(String stdout) {
        List<String> lines = stdout.replace("\r\n", "\n").lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i);
            if (l.startsWith(MARK + " ")) {
                String[] w = l.substring(MARK.length() + 1).strip().split(" ");
                if (w.length != 2 || i == 0) {
                    return null;
                }
                return new Verdict(lines.get(i - 1), w[0].equals("True"), w[1].equals("True"));
            }
        }
        return null;
    }
}
