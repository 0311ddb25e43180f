package dev.upyd.cli.firmware;

import dev.upyd.cli.CliException;
import dev.upyd.cli.Main;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "fw", aliases = "fwr", mixinStandardHelpOptions = true,
        description = {"List or get firmware from micropython.org's download page of a board (upydev's fwr; upydev's `fw`"
                + " only printed this help):",
                "  fw [list] -b BOARD         every firmware file on BOARD's page",
                "  fw list latest -b BOARD    those of the newest build date",
                "  fw get latest -b BOARD     download the newest (-n chooses among them)",
                "  fw get [FILE] -b BOARD     download FILE, or the first listed (-n filters)",
                "BOARD is the page name on micropython.org (ESP32_GENERIC, ESP32_GENERIC_S3, RPI_PICO_W, ...); upyd does not"
                + " ask a device for it. Downloads land under a temporary name and are renamed when complete; then"
                + " `upyd ota FILE` writes an ESP32 image over the air. upydev's `update` action was never implemented"
                + " there and is refused here. The page is read from --url / UPYD_FW_URL (default "
                + FirmwareIndex.DEFAULT_BASE + "), e.g. a local mirror."})
public final class FwCommand implements Callable<Integer> {
    @Parameters(arity = "0..2", paramLabel = "ACTION", description = "list (default), list latest, get, get latest, get FILE, latest.")
    List<String> action = new ArrayList<>();

    @Option(names = "-b", paramLabel = "BOARD", description = "The board's download page name, e.g. ESP32_GENERIC.")
    String board;

    @Option(names = "-n", paramLabel = "KEYWORD", description = "Only names containing KEYWORD (upydev's `def`: the first only).")
    String keyword;

    @Option(names = "--url", paramLabel = "BASE", description = "Base of the download pages (default: UPYD_FW_URL, else "
            + FirmwareIndex.DEFAULT_BASE + ").")
    String url;

    @Option(names = "-t", hidden = true, description = "upydev's device address: not needed, ignored.")
    String ignoredTarget;

    @Option(names = "-p", hidden = true, description = "upydev's device password: not needed, ignored.")
    String ignoredPassword;

    @Option(names = "-@", arity = "1..*", hidden = true, description = "upydev's device name: not needed, ignored.")
    List<String> ignoredDevices;

    @Option(names = "-wss", hidden = true, description = "upydev's: ignored.")
    boolean ignoredWss;

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String verb = action.isEmpty() ? "list" : action.get(0);
        String arg = action.size() > 1 ? action.get(1) : null;
        if (verb.equals("latest") && arg == null) {
            verb = "list";
            arg = "latest";
        }
        if (verb.equals("update")) {
            throw new CliException(Main.ExitCodes.USAGE, "fw update: upydev lists it but never implemented it; download with"
                    + " `upyd fw get ...` and write an ESP32 with `upyd ota FILE`");
        }
        if (!verb.equals("list") && !verb.equals("get") || verb.equals("list") && arg != null && !arg.equals("latest")) {
            throw new CliException(Main.ExitCodes.USAGE, "fw: unknown action '" + String.join(" ", action)
                    + "' (list, list latest, get, get latest, get FILE)");
        }
        if (board == null || board.isBlank()) {
            throw new CliException(Main.ExitCodes.USAGE, "indicate a device platform with -b option (the board's page name"
                    + " on micropython.org, e.g. -b ESP32_GENERIC)");
        }
        if (!board.matches("[A-Za-z0-9_.-]+")) {
            throw new CliException(Main.ExitCodes.USAGE, "-b " + board + ": not a board page name");
        }
        String base = url != null ? url : main.settings().env("UPYD_FW_URL") != null ? main.settings().env("UPYD_FW_URL")
                : FirmwareIndex.DEFAULT_BASE;
        FirmwareIndex index = new FirmwareIndex(base);
        Map<String, URI> links = index.list(board);
        List<String> names = new ArrayList<>(links.keySet());
        if (names.isEmpty()) {
            out.println("No firmware available that match: " + board);
            return Main.ExitCodes.USAGE;
        }
        boolean latest = "latest".equals(arg);
        boolean first = "def".equals(keyword);
        List<String> shown = latest ? FirmwareIndex.latest(names) : names;
        if (keyword != null && !first) {
            shown = shown.stream().filter(n -> n.contains(keyword)).toList();
        }
        if (verb.equals("get") && arg != null && !latest) {
            return get(index, links, arg, out);
        }
        if (shown.isEmpty()) {
            out.println("No firmware available that match: " + board + (keyword == null ? "" : "-" + keyword));
            return Main.ExitCodes.USAGE;
        }
        if (first || verb.equals("get") && latest && keyword == null) {
            shown = shown.subList(0, 1);
        }
        if (verb.equals("get") && latest) {
            out.println("Latest version found for " + board + ":");
        } else if (latest) {
            out.println("Latest Firmware versions found for " + board + ":");
        } else {
            out.println("Firmware versions found for " + board + (keyword == null || first ? "" : "-" + keyword) + ":");
        }
        for (String n : shown) {
            out.println("- " + n);
        }
        if (verb.equals("list")) {
            return Main.ExitCodes.OK;
        }
        out.println("Firmware selected: " + shown.get(0));
        return get(index, links, shown.get(0), out);
    }

    private int get(FirmwareIndex index, Map<String, URI> links, String name, PrintWriter out) throws Exception {
        URI link = links.get(name);
        if (link == null) {
            throw new CliException(Main.ExitCodes.USAGE, "no firmware named " + name + " on " + board + "'s page");
        }
        Path target = main.settings().cwd().resolve(name);
        out.println("Downloading " + name + " ...");
        out.flush();
        long size = index.download(link, target);
        out.println("Done! " + name + "  " + size + " bytes");
        return Main.ExitCodes.OK;
    }
}
