package dev.upyd.cli.command;

/** Colours on a terminal only (UPYD_COLOR=auto|always|never, NO_COLOR honoured). */
public final class Style {
    private final boolean on;

    public Style(DeviceRun run) {
        this(run.settings(), run.terminal());
    }

    public Style(dev.upyd.cli.CliSettings settings, boolean terminal) {
        String mode = settings.colorMode();
        on = mode.equals("always") || mode.equals("auto") && terminal;
    }

    public String dir(String s) {
        return on ? "\u001b[1;34m" + s + "\u001b[0m" : s;
    }

    public String ok(String s) {
        return on ? "\u001b[1;32m" + s + "\u001b[0m" : s;
    }

    public String bad(String s) {
        return on ? "\u001b[1;31m" + s + "\u001b[0m" : s;
    }
}
