package dev.upyd.cli.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites upydev's command-line habits into the clean picocli form before parsing, because picocli
 * cannot express them itself:
 * <ul>
 *   <li>{@code upyd get@esp_room1 a.py} (command and target in one word) becomes {@code get a.py -@ esp_room1};</li>
 *   <li>{@code upyd "print(1)" -@ NAME} (a Python line in the command position) becomes
 *       {@code exec -@ NAME -- "print(1)"} ({@code --} so code such as {@code -1} is never read as an option);</li>
 *   <li>upydev commands upyd does not implement are refused by name instead of being run as Python,
 *       which would otherwise fail on the device with a confusing NameError.</li>
 * </ul>
 * Everything else (clean forms, global options such as {@code --version}) passes unchanged.
 */
public final class UpydevGrammar {
    /** upydev verbs that upyd does not implement; see the README's command table. */
    public static final Set<String> UPYDEV_ONLY = Set.of(
            "upip", "enable_sh", "stream_test",
            "jupyterc", "flash",
            "ifconfig", "net", "ap", "i2c", "rssi", "uping", "sd", "uconfig", "vim", "diff", "head", "touch",
            "rmdir", "shasum", "reload", "datetime", "cycles",
            "rsa", "uhelp", "modules", "upysh", "dm", "fio", "rp", "sh", "db", "gp",
            "docs", "udocs", "mdocs", "cd", "pwd");

    private static final Pattern AT_FORM = Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)@([^\\s@]+)");

    private final Set<String> commands;

    /** @param commands every sub-command name and alias picocli knows */
    public UpydevGrammar(Set<String> commands) {
        this.commands = commands;
    }

    public String[] rewrite(String... argv) {
        if (argv.length == 0) {
            return argv;
        }
        String first = argv[0];
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        Matcher at = AT_FORM.matcher(first);
        if (at.matches() && (commands.contains(at.group(1)) || UPYDEV_ONLY.contains(at.group(1)))) {
            // `-@` takes several names, so it goes after the other words (before a `--`), never in front of them
            List<String> out = new ArrayList<>();
            out.add(at.group(1));
            int dashes = rest.indexOf("--");
            List<String> before = dashes < 0 ? rest : rest.subList(0, dashes);
            out.addAll(before);
            out.add("-@");
            out.add(at.group(2));
            if (dashes >= 0) {
                out.addAll(rest.subList(dashes, rest.size()));
            }
            return out.toArray(String[]::new);
        }
        if (first.startsWith("-") || commands.contains(first)) {
            return argv;
        }
        if (UPYDEV_ONLY.contains(first)) {
            throw new GrammarException("`" + first + "` is an upydev command that upyd does not implement;"
                    + " run `upyd --help` for the commands upyd has, or send Python with `upyd exec`");
        }
        // upydev runs any word that is not a command as one line of Python on the device
        List<String> out = new ArrayList<>();
        out.add("exec");
        out.addAll(rest);
        out.add("--");
        out.add(first);
        return out.toArray(String[]::new);
    }

    /** The user's command line cannot mean anything upyd does. */
    public static final class GrammarException extends RuntimeException {
        public GrammarException(String message) {
            super(message);
        }
    }
}
