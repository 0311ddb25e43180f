package dev.upyd.cli.client;

import dev.upyd.cli.CliException;
import dev.upyd.cli.CliSettings;
import dev.upyd.cli.device.DeviceCode;
import dev.upyd.cli.device.DeviceFs;
import dev.upyd.cli.kg.DeviceLink;
import dev.upyd.cli.kg.DeviceLinkException;
import dev.upyd.cli.kg.DeviceTracebackException;
import dev.upyd.cli.transfer.LocalFiles;
import dev.upyd.protocol.api.DeviceInfo;
import dev.upyd.protocol.api.ErrorReply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

    @Override
    public void exec(String device, String code) throws DeviceLinkException {
        try (DaemonClient c = DaemonClient.connect(settings)) {
            c.eval(device, code);
        } catch (DeviceCommandException e) {
            // the daemon answered: the code ran and raised (its last traceback line is the message)
            if (e.exitCode() == dev.upyd.cli.Main.ExitCodes.DEVICE_EXCEPTION) {
                throw new DeviceTracebackException(e.getMessage(), e);
            }
            throw new DeviceLinkException(e.getMessage(), e);
        } catch (CliException | IOException e) {
            throw new DeviceLinkException("running code on " + device + ": " + e.getMessage(), e);
        }
    }

    /** How long a soft reset may take to show (banner or dropped session); `upyd reset` waits as long. */
    static final long SOFT_RESET_WAIT_MS = 5000;

    /**
     * The same path as {@code upyd reset}: attach to the REPL, Ctrl-C then Ctrl-D. Unlike that command
     * a reset that shows nothing within {@link #SOFT_RESET_WAIT_MS} is a failure here, because the
     * caller reports what state the device is left in.
     */
    @Override
    public void softReset(String device) throws DeviceLinkException {
        StringBuilder seen = new StringBuilder();
        try (DaemonClient c = DaemonClient.connect(settings); DaemonClient.AttachedRepl repl = c.attach(device)) {
            repl.send(new byte[] {0x03, 0x04});
            long deadline = System.currentTimeMillis() + SOFT_RESET_WAIT_MS;
            while (System.currentTimeMillis() < deadline && repl.isOpen()) {
                Object m = repl.poll(200);
                if (m instanceof byte[] b) {
                    seen.append(new String(b, StandardCharsets.UTF_8));
                    if (seen.indexOf("soft reboot") >= 0 || seen.indexOf("MicroPython") >= 0) {
                        return;
                    }
                } else if (m instanceof DaemonClient.Ended e) {
                    int code = e.outcome().errorCode();
                    if (code == ErrorReply.UNKNOWN_DEVICE || code == ErrorReply.AUTH || code == ErrorReply.BUSY) {
                        throw new DeviceLinkException("soft reset of " + device + ": " + e.outcome().message());
                    }
                    return; // the session dropped as the device restarted: the reset happened
                }
            }
            throw new DeviceLinkException("soft reset of " + device + ": no reboot seen within "
                    + SOFT_RESET_WAIT_MS / 1000 + " s");
        } catch (CliException e) {
            throw new DeviceLinkException("soft reset of " + device + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceLinkException("soft reset of " + device + ": interrupted", e);
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
