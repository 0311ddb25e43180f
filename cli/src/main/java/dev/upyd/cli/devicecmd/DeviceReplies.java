package dev.upyd.cli.devicecmd;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import dev.upyd.protocol.ProtocolException;
import dev.upyd.protocol.pylit.PyNone;
import dev.upyd.protocol.pylit.PyTuple;
import dev.upyd.protocol.pylit.PythonLiteral;
import java.util.ArrayList;
import java.util.List;

/** Reads the tagged {@code repr} tuples that {@link ModuleCode} snippets print, one per line. */
final class DeviceReplies {
    private DeviceReplies() {
    }

    static List<PyTuple> tuples(String device, String stdout) {
        List<PyTuple> out = new ArrayList<>();
        for (String line : stdout.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            Object v;
            try {
                v = PythonLiteral.parse(line.strip());
            } catch (ProtocolException e) {
                throw new CliException(Main.ExitCodes.INTERNAL, device + ": unexpected device output (" + e.getMessage()
                        + "): " + abbreviate(line));
            }
            if (!(v instanceof PyTuple t) || t.size() == 0 || !(t.get(0) instanceof String)) {
                throw new CliException(Main.ExitCodes.INTERNAL, device + ": unexpected device output: " + abbreviate(line));
            }
            out.add(t);
        }
        return out;
    }

    /** A str item, or null for None. */
    static String str(PyTuple t, int i) {
        Object o = t.get(i);
        return o == PyNone.NONE ? null : String.valueOf(o);
    }

    /** An int item, or -1 for None. */
    static long num(PyTuple t, int i) {
        Object o = t.get(i);
        return o instanceof Number n ? n.longValue() : -1;
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
