package dev.upyd.cli.command;

import dev.upyd.cli.device.DeviceCode;
import dev.upyd.cli.util.Json;
import dev.upyd.protocol.api.DeviceInfo;
import dev.upyd.protocol.pylit.PyTuple;
import dev.upyd.protocol.pylit.PythonLiteral;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "info", mixinStandardHelpOptions = true, description = "Device info block (firmware, platform, MAC, RSSI) as upydev prints it.")
public final class InfoCommand extends DeviceCommand {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    protected boolean jsonOutput() {
        return json;
    }

    /** Ports differ in what they return (bytes host names, None); everything shown is text. */
    private static String str(Object o) {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        return o == null || o == dev.upyd.protocol.pylit.PyNone.NONE ? "" : o.toString();
    }

    @Override
    public int runOn(DeviceRun run) throws Exception {
        PyTuple t = (PyTuple) PythonLiteral.parse(run.client().eval(run.device(), DeviceCode.info()).strip());
        String sysname = str(t.get(0));
        String release = str(t.get(1));
        String version = str(t.get(2));
        String machine = str(t.get(3));
        String uid = str(t.get(4));
        String impl = str(t.get(5));
        String platform = str(t.get(6));
        String host = str(t.get(7));
        Object rssi = t.get(8);
        String address = run.client().listDevices().stream().filter(d -> d.name().equals(run.device()))
                .map(DeviceInfo::address).findFirst().orElse("");
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", run.device());
            m.put("address", address);
            m.put("platform", platform);
            m.put("sysname", sysname);
            m.put("release", release);
            m.put("version", version);
            m.put("machine", machine);
            m.put("implementation", impl);
            m.put("uid", uid);
            m.put("hostname", host);
            m.put("rssi", rssi instanceof Number n ? n : null);
            run.out().println(Json.write(m));
            return 0;
        }
        run.out().println(run.device() + " @ " + address + ", Type: " + platform + ", Class: WebSocketDevice");
        String fw = version.isEmpty() ? impl + " " + release : (version.startsWith("v") ? "MicroPython " + version : version);
        run.out().println("Firmware: " + fw + (machine.isEmpty() ? "" : "; " + machine));
        StringBuilder extra = new StringBuilder();
        if (!uid.isEmpty()) {
            extra.append("MAC: ").append(uid.replaceAll("(..)(?!$)", "$1:"));
        }
        if (host != null && !host.isEmpty()) {
            extra.append(extra.length() > 0 ? ", " : "").append("Host Name: ").append(host);
        }
        if (rssi instanceof Number n) {
            extra.append(extra.length() > 0 ? ", " : "").append("RSSI: ").append(n).append(" dBm");
        }
        if (extra.length() > 0) {
            run.out().println("(" + extra + ")");
        }
        return 0;
    }
}
