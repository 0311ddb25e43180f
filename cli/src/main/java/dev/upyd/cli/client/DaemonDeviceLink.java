package dev.upyd.cli.client;

import dev.upyd.cli.CliException;
import dev.upyd.cli.CliSettings;
import dev.upyd.cli.device.DeviceCode;
import dev.upyd.cli.device.DeviceFs;
import dev.upyd.cli.kg.DeviceLink;
import dev.upyd.cli.kg.DeviceLinkException;
import dev.upyd.cli.transfer.LocalFiles;
import dev.upyd.protocol.api.DeviceInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * {@code kg}'s view of a device, through the daemon's held session: the UID for a device certificate,
 * uploads of key/certificate files (SHA-256 checked on the device), whether the session is TLS.
 */
public final class DaemonDeviceLink implements DeviceLink {
    private final CliSettings settings;

    public DaemonDeviceLink(CliSettings settings) {
        this.settings = settings;
    }

    @Override
    public String uniqueId(String device) throws DeviceLinkException {
        return eval(device, DeviceCode.uniqueId(), "unique id");
    }

    @Override
    public String platform(String device) throws DeviceLinkException {
        return eval(device, DeviceCode.platform(), "platform");
    }

    @Override
    public void upload(String device, Path local, String remotePath) throws DeviceLinkException {
        try (DaemonClient c = DaemonClient.connect(settings); InputStream in = Files.newInputStream(local)) {
            String sha = LocalFiles.sha256(local);
            DaemonClient.Outcome o = c.put(device, remotePath, in, Files.size(local), HexFormat.of().parseHex(sha),
                    settings.chunkBytes(), (d, t) -> { });
            if (!o.ok()) {
                throw new DeviceLinkException("upload of " + local.getFileName() + " to " + device + " failed: " + o.message());
            }
            String onDevice = new DeviceFs(c, device).sha256(remotePath);
            if (!onDevice.equalsIgnoreCase(sha)) {
                throw new DeviceLinkException(remotePath + " on " + device + " does not match " + local + " (SHA-256)");
            }
        } catch (CliException | IOException e) {
            throw new DeviceLinkException("upload of " + local.getFileName() + " to " + device + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean encrypted(String device) throws DeviceLinkException {
        try (DaemonClient c = DaemonClient.connect(settings)) {
            return c.listDevices().stream().filter(d -> d.name().equals(device)).map(DeviceInfo::tlsProtocol)
                    .anyMatch(p -> !p.isEmpty());
        } catch (CliException e) {
            throw new DeviceLinkException(e.getMessage(), e);
        }
    }

    private String eval(String device, String code, String what) throws DeviceLinkException {
        try (DaemonClient c = DaemonClient.connect(settings)) {
            String v = c.eval(device, code).strip();
            if (v.isEmpty()) {
                throw new DeviceLinkException(device + " printed no " + what);
            }
            return v;
        } catch (CliException | IOException e) {
            throw new DeviceLinkException("asking " + device + " for its " + what + ": " + e.getMessage(), e);
        }
    }
}
