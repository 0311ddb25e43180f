package dev.upyd.cli.command;

/** Colours on a terminal only (UPYD_COLOR=auto|always|never, NO_COLOR honoured). */
final class Style {
    private final boolean on;

    Style(DeviceRun run) {
        String mode = run.settings().colorMode();
        on = mode.equals("always") || mode.equals("auto") && run.terminal();
    }

    String dir(String s) {
        return on ? "\u001b[1;34m" + s + "\u001b[0m" : s;
    }

    String ok(String s) {
        return on ? "\u001b[1;32m" + s + "\u001b[0m" : s;
    }

    String bad(String s) {
        return on ? "\u001b[1;31m" + s + "\u001b[0m" : s;
    }
}
