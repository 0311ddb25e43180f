package dev.upyd.cli.command;

import dev.upyd.cli.Main;
import dev.upyd.cli.client.DaemonClient;
import dev.upyd.cli.util.Json;
import dev.upyd.protocol.api.DeviceInfo;
import java.io.PrintWriter;
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

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Every device the daemon holds: state, address, TLS version and cipher, session uptime, last error.")
public final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON: one object per device.")
    boolean json;

    @Override
    public Integer call() {
        List<DeviceInfo> devices;
        String version;
        try (DaemonClient c = DaemonClient.connect(main.settings())) {
            devices = c.listDevices();
            version = c.daemonVersion();
        }
        PrintWriter out = spec.commandLine().getOut();
        long now = System.currentTimeMillis();
        if (json) {
            List<Object> list = new ArrayList<>();
            for (DeviceInfo d : devices) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", d.name());
                m.put("address", d.address());
                m.put("state", d.state());
                m.put("tlsProtocol", d.tlsProtocol());
                m.put("cipherSuite", d.cipherSuite());
                m.put("onlineSinceMillis", d.onlineSinceMillis());
                m.put("lastError", d.lastError());
                m.put("nextRetryAtMillis", d.nextRetryAtMillis());
                m.put("firmware", d.firmware());
                list.add(m);
            }
            out.println(Json.write(list));
            return 0;
        }
        if (devices.isEmpty()) {
            out.println("daemon " + version + ": no device in the global group "
                    + "(add one: upyd config -t ADDR -p PASSWORD -@ NAME -gg)");
            return 0;
        }
        int w = Math.max(6, devices.stream().mapToInt(d -> d.name().length()).max().orElse(6));
        int aw = Math.max(7, devices.stream().mapToInt(d -> d.address().length()).max().orElse(7));
        out.printf("%-" + w + "s  %-11s %-" + aw + "s  %-40s %-10s %s%n", "DEVICE", "STATE", "ADDRESS", "TLS", "UP",
                "LAST ERROR");
        for (DeviceInfo d : devices) {
            String tls = d.tlsProtocol().isEmpty() ? "ws (unencrypted)" : d.tlsProtocol() + " " + d.cipherSuite();
            String up = d.onlineSinceMillis() > 0 && d.state().equals("online") ? duration(now - d.onlineSinceMillis()) : "-";
            String err = d.lastError().isEmpty() ? "" : d.lastError();
            if (d.nextRetryAtMillis() > 0 && !d.state().equals("online")) {
                err += (err.isEmpty() ? "" : "; ") + "retry in " + duration(Math.max(0, d.nextRetryAtMillis() - now));
            }
            out.printf("%-" + w + "s  %-11s %-" + aw + "s  %-40s %-10s %s%n", d.name(), d.state(), d.address(), tls, up, err);
        }
        out.flush();
        return 0;
    }

    static String duration(long ms) {
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + String.format("%02d", s % 60) + "s";
        }
        if (s < 86400) {
            return s / 3600 + "h" + String.format("%02d", s / 60 % 60) + "m";
        }
        return s / 86400 + "d" + String.format("%02d", s / 3600 % 24) + "h";
    }
}
