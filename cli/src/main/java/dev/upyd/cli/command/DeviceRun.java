package dev.upyd.cli.command;

import dev.upyd.cli.CliSettings;
import dev.upyd.cli.client.DaemonClient;
import java.io.PrintWriter;

/**
 * What one device command gets to run on one device: the daemon connection, where its text goes
 * (the terminal, a per-device prefixed stream in a fan-out, or a capture for {@code --json}), and
 * whether it may draw on a terminal (progress bars, colours, columns).
 */
public record DeviceRun(String device, DaemonClient client, CliSettings settings, PrintWriter out, PrintWriter err,
                        boolean terminal, boolean grouped) {
}
