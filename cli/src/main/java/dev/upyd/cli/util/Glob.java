package dev.upyd.cli.util;

import java.util.regex.Pattern;

/** upydev's shell-style wildcards: {@code *} any run, {@code ?} one character, everything else literal. */
public final class Glob {
    private Glob() {
    }

    /** The regular expression of {@code glob} (unanchored: use it with {@code matches()}). */
    public static String regex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
