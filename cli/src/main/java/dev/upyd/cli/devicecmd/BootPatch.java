package dev.upyd.cli.devicecmd;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a device's boot.py so that upyd's wss server starts at boot ({@code import upyd_wss} +
 * {@code upyd_wss.start(ssl=True)}). Stock WebREPL ({@code import webrepl} / {@code webrepl.start(...)})
 * and upydev's ({@code import wss_repl} / {@code wss_repl.start(...)}, also {@code wss_repl.stop()},
 * {@code wss_repl.set_ssl(...)}) are converted in place, keeping indentation, comments and everything else;
 * a boot.py without any of them gets the two lines appended. {@code patch(patch(x)) == patch(x)}, and a
 * boot.py is "enabled" exactly when patching leaves it unchanged.
 *
 * <p>Pure text work on purpose (no device, no I/O): the command shows the diff before anything is written.
 * Lines are matched statement by statement ({@code a; b} splits only when the line has no quotes or
 * comment, so strings are never cut). Commented-out lines are left alone.
 */
public final class BootPatch {
    static final String IMPORT = "import upyd_wss";
    static final String START = "upyd_wss.start(ssl=True)";

    private static final Pattern IMPORT_ANY = Pattern.compile("import\\s+(webrepl|wss_repl|upyd_wss)");
    private static final Pattern START_ANY = Pattern.compile("(webrepl|wss_repl|upyd_wss)\\.start\\s*\\(.*\\)");
    private static final Pattern STOP_ANY = Pattern.compile("(webrepl|wss_repl)\\.stop\\s*\\(\\s*\\)");
    private static final Pattern WSS_REPL_CALL = Pattern.compile("wss_repl\\.(set_ssl\\s*\\(.*\\))");
    private static final Pattern INDENT = Pattern.compile("^([ \\t]*)(.*)$", Pattern.DOTALL);

    private BootPatch() {
    }

    /** True when boot.py already starts upyd's wss server and nothing else would change. */
    public static boolean isEnabled(String bootPy) {
        return bootPy != null && patch(bootPy).equals(bootPy);
    }

    /** The patched text; {@code bootPy == null} (no boot.py on the device) gives a new one. */
    public static String patch(String bootPy) {
        String text = bootPy == null ? "" : bootPy;
        String nl = text.contains("\r\n") ? "\r\n" : "\n";
        boolean trailing = text.isEmpty() || text.endsWith("\n");
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (trailing) {
            lines.remove(lines.size() - 1); // the empty piece after the last newline
        }
        List<String> out = new ArrayList<>();
        boolean imported = false;
        boolean started = false;
        int firstStart = -1;
        String firstStartIndent = "";
        for (String line : lines) {
            Matcher im = INDENT.matcher(line);
            im.matches();
            String indent = im.group(1);
            String body = im.group(2);
            if (body.isBlank() || body.startsWith("#")) {
                out.add(line);
                continue;
            }
            boolean splittable = body.indexOf('#') < 0 && body.indexOf('\'') < 0 && body.indexOf('"') < 0;
            List<String> statements = splittable ? List.of(body.split(";", -1)) : List.of(body);
            List<String> kept = new ArrayList<>();
            boolean changed = false;
            for (String raw : statements) {
                String s = raw.strip();
                String now = s;
                if (IMPORT_ANY.matcher(s).matches()) {
                    now = IMPORT;
                    if (imported && indent.isEmpty()) {
                        changed = true;
                        continue; // one top-level import is enough
                    }
                    imported = true;
                } else if (START_ANY.matcher(s).matches()) {
                    now = START;
                    if (started && indent.isEmpty()) {
                        changed = true;
                        continue; // a second start would restart the server at boot
                    }
                    if (!started) {
                        firstStart = out.size();
                        firstStartIndent = indent;
                    }
                    started = true;
                } else if (STOP_ANY.matcher(s).matches()) {
                    now = "upyd_wss.stop()";
                } else {
                    Matcher w = WSS_REPL_CALL.matcher(s);
                    if (w.matches()) {
                        now = "upyd_wss." + w.group(1);
                    }
                }
                changed |= !now.equals(s);
                kept.add(now);
            }
            if (!changed) {
                out.add(line);
            } else if (!kept.isEmpty()) {
                out.add(indent + String.join("; ", kept));
            }
        }
        if (!started) {
            if (!imported) {
                out.add(IMPORT);
            }
            out.add(START);
        } else if (!imported) {
            out.add(firstStart, firstStartIndent + IMPORT);
        }
        return String.join(nl, out) + nl;
    }
}
