package dev.upyd.cli.shell;

/**
 * upydev's shell prompt (spec §5.2): {@code esp32@esp_room1:~ $ } at the root, {@code esp32@esp_room1:~/lib$ }
 * elsewhere; platform, @ and name green bold, ':' white, path and '$ ' blue bold.
 */
public final class Prompt {
    private Prompt() {
    }

    public static String of(String platform, String name, String cwd, boolean colour) {
        String path = cwd == null || cwd.isEmpty() || cwd.equals("/") ? "~ " : "~" + (cwd.startsWith("/") ? cwd : "/" + cwd);
        if (!colour) {
            return platform + "@" + name + ":" + path + "$ ";
        }
        String green = "\u001b[1;32m";
        String blue = "\u001b[1;34m";
        String white = "\u001b[0;37m";
        String reset = "\u001b[0m";
        return green + platform + "@" + name + reset + white + ":" + reset + blue + path + "$ " + reset;
    }
}
