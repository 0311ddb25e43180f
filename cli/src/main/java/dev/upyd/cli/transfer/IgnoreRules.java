package dev.upyd.cli.transfer;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * dsync's {@code -i PAT...}, upydev's three forms (spec §7), matched against the whole relative path
 * written as upydev writes it ({@code ./lib/a.py}):
 * <ul>
 *   <li>a glob: {@code *} is any text (also across {@code /}, as in upydev), {@code ?} one character;
 *       besides the whole {@code ./path}, the bare path and the last name are tried too, so
 *       {@code -i lib} and {@code -i *.pyc} mean what they look like;</li>
 *   <li>{@code r!REGEX}: a raw regular expression for the whole path (with or without the {@code ./});</li>
 *   <li>{@code r:PAT}: upydev's prefix form, compiled as upydev compiles it: a leading name and a slash
 *       (the {@code ./}), optional dots and a name's characters, then the glob {@code PAT}; so
 *       {@code r:_test.py} ignores {@code ./a_test.py} but not {@code ./lib/a_test.py}.</li>
 * </ul>
 * An ignored directory takes everything below it along.
 */
public final class IgnoreRules {
    private final List<Rule> rules;

    private record Rule(Pattern re, boolean alsoBareAndName) {
    }

    private IgnoreRules(List<Rule> rules) {
        this.rules = rules;
    }

    public static IgnoreRules none() {
        return new IgnoreRules(List.of());
    }

    /** @throws CliException (usage) naming the pattern when a regex does not compile */
    public static IgnoreRules of(List<String> specs) {
        List<Rule> out = new ArrayList<>();
        for (String spec : specs) {
            try {
                if (spec.startsWith("r!")) {
                    out.add(new Rule(Pattern.compile(spec.substring(2)), false));
                } else if (spec.startsWith("r:")) {
                    out.add(new Rule(Pattern.compile("[^/]*/\\.*[^/]*" + glob(spec.substring(2))), false));
                } else {
                    out.add(new Rule(Pattern.compile(glob(spec)), true));
                }
            } catch (PatternSyntaxException e) {
                throw new CliException(Main.ExitCodes.USAGE, "dsync -i " + spec + ": not a valid regular expression: "
                        + e.getDescription());
            }
        }
        return new IgnoreRules(out);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** {@code path}: relative, '/'-separated, without "./" (dsync's inventory form). */
    public boolean ignored(String path) {
        String p = path.startsWith("./") ? path.substring(2) : path;
        // the path itself and every directory above it
        for (int end = p.length(); end > 0; end = p.lastIndexOf('/', end - 1)) {
            if (matches(p.substring(0, end))) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(String bare) {
        String dotted = "./" + bare;
        String name = bare.substring(bare.lastIndexOf('/') + 1);
        for (Rule r : rules) {
            if (r.re().matcher(dotted).matches() || r.re().matcher(bare).matches()
                    || r.alsoBareAndName() && r.re().matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    /** upydev's glob-to-regex ({@code *} -> {@code .*}), other characters literal. */
    static String glob(String g) {
        return dev.upyd.cli.util.Glob.regex(g);
    }
}
