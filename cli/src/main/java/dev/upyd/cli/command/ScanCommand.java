package dev.upyd.cli.command;

import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.util.Json;
import dev.upyd.pki.config.DeviceAddress;
import dev.upyd.pki.config.GroupConfig;
import dev.upyd.pki.config.GroupEntry;
import dev.upyd.protocol.api.DeviceInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The group's devices with the address each name resolves to now (the daemon's own mDNS for .local) and
 * which WebREPL ports answer. A port the daemon already holds a session on is reported from that session
 * and not probed: a board takes one client at a time, and a probe would only show up in its session as a
 * "Concurrent WebREPL connection ... rejected" line.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Resolve every device of the global group (.local names by mDNS) and check which WebREPL "
                + "ports answer (8833 wss, 8266 ws).")
public final class ScanCommand implements Callable<Integer> {
    static final int[] PORTS = {DeviceAddress.WSS_PORT, DeviceAddress.WS_PORT};

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON: one object per device.")
    boolean json;

    @Option(names = "--timeout-ms", defaultValue = "700", description = "TCP connect timeout per port (default ${DEFAULT-VALUE}).")
    int timeoutMs;

    @Override
    public Integer call() {
        GroupConfig cfg = ConfigCommand.read(GroupConfig.fileIn(main.settings().home()));
        List<Map<String, Object>> rows = new ArrayList<>();
        try (DaemonClient c = DaemonClient.connect(main.settings())) {
            Map<String, DeviceInfo> sessions = new LinkedHashMap<>();
            for (DeviceInfo d : c.listDevices()) {
                sessions.put(d.name(), d);
            }
            for (GroupEntry e : cfg.entries()) {
                DeviceAddress a = e.deviceAddress();
                DaemonClient.Outcome r = c.resolve(a.host());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", e.name());
                row.put("host", a.host());
                row.put("address", r.ok() ? r.message() : "");
                row.put("error", r.ok() ? "" : r.message());
                DeviceInfo held = sessions.get(e.name());
                boolean online = held != null && held.state().equals("online");
                for (int port : PORTS) {
                    // the configured port stands in for the default port of its kind (wss or ws)
                    boolean configuredKind = (port == DeviceAddress.WSS_PORT) == e.wantsTls();
                    int p = configuredKind ? e.port() : port;
                    String state;
                    if (online && p == e.port()) {
                        state = "session";
                    } else if (r.ok()) {
                        state = answers(r.message(), p) ? "open" : "closed";
                    } else {
                        state = "-";
                    }
                    row.put(port == DeviceAddress.WSS_PORT ? "wss" : "ws", Map.of("port", p, "state", state));
                }
                rows.add(row);
            }
        }
        print(rows);
        return rows.stream().allMatch(r -> r.get("error").equals("")) ? Main.ExitCodes.OK : Main.ExitCodes.UNREACHABLE;
    }

    private boolean answers(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), timeoutMs);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private void print(List<Map<String, Object>> rows) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(rows));
            out.flush();
            return;
        }
        out.printf("%-16s %-28s %-16s %-14s %-14s %s%n", "DEVICE", "NAME", "ADDRESS", "WSS", "WS", "ERROR");
        for (Map<String, Object> r : rows) {
            Map<String, Object> wss = (Map<String, Object>) r.get("wss");
            Map<String, Object> ws = (Map<String, Object>) r.get("ws");
            out.printf("%-16s %-28s %-16s %-14s %-14s %s%n", r.get("name"), r.get("host"), r.get("address"),
                    wss.get("port") + " " + wss.get("state"), ws.get("port") + " " + ws.get("state"), r.get("error"));
        }
        out.flush();
    }
}
