package dev.upyd.cli.devicecmd;

import dev.upyd.cli.client.DaemonClient;
import dev.upyd.protocol.pylit.PyTuple;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a device has of upyd's: our modules (size, SHA-256, {@code __version__}), its UID, the TLS files
 * {@code upyd_wss.start(ssl=True)} loads, boot.py and its backup. One Exec.
 *
 * @param uid        {@code machine.unique_id()} hex, null when the firmware has no {@code machine}
 * @param modules    device path to what is there (absent modules have size -1)
 * @param files      boot.py, boot.py.bak and the TLS files: path to size, -1 when absent
 * @param bootText   the start of boot.py when asked for, else null
 */
record DeviceSurvey(String uid, Map<String, Present> modules, Map<String, Long> files, String bootText) {
    static final String BOOT = "/boot.py";
    static final String BACKUP = "/boot.py.bak";
    static final String CA = "/ROOT_CA_cert.pem";

    /** A module file on the device; size -1 = absent. */
    record Present(String path, long size, String sha256, String version) {
        boolean exists() {
            return size >= 0;
        }
    }

    static DeviceSurvey take(DaemonClient client, String device, List<String> modulePaths, int bootTextBytes)
            throws IOException {
        String uid = null;
        String boot = null;
        Map<String, Present> modules = new LinkedHashMap<>();
        Map<String, Long> files = new LinkedHashMap<>();
        for (PyTuple t : DeviceReplies.tuples(device, client.eval(device, ModuleCode.survey(modulePaths, bootTextBytes)))) {
            switch (DeviceReplies.str(t, 0)) {
                case "uid" -> uid = DeviceReplies.str(t, 1);
                case "mod" -> modules.put(DeviceReplies.str(t, 1), new Present(DeviceReplies.str(t, 1),
                        DeviceReplies.num(t, 2), DeviceReplies.str(t, 3), DeviceReplies.str(t, 4)));
                case "file" -> files.put(DeviceReplies.str(t, 1), DeviceReplies.num(t, 2));
                case "boot" -> boot = DeviceReplies.str(t, 1);
                default -> { } // a newer snippet's extra lines
            }
        }
        return new DeviceSurvey(uid, modules, files, boot);
    }

    boolean has(String path) {
        return files.getOrDefault(path, -1L) >= 0;
    }

    String keyFile() {
        return uid == null ? null : "/SSL_key" + uid + ".der";
    }

    String certFile() {
        return uid == null ? null : "/SSL_certificate" + uid + ".der";
    }
}
