package dev.upyd.cli.kg;

import java.nio.file.Path;

/** The stand-in until the daemon client exists: every device operation fails with one clear message. */
public final class NoDaemonDeviceLink implements DeviceLink {
    static final String MESSAGE = "needs the upyd daemon (`upyd daemon`), not available yet";

    @Override
    public String uniqueId(String device) throws DeviceLinkException {
        throw new DeviceLinkException("asking " + device + " for its unique id " + MESSAGE
                + "; give the UID with --uid HEX");
    }

    @Override
    public void upload(String device, Path local, String remotePath) throws DeviceLinkException {
        throw new DeviceLinkException("uploading " + local.getFileName() + " to " + device + " " + MESSAGE);
    }

    @Override
    public boolean encrypted(String device) throws DeviceLinkException {
        throw new DeviceLinkException("connecting to " + device + " " + MESSAGE);
    }

    @Override
    public void exec(String device, String code) throws DeviceLinkException {
        throw new DeviceLinkException("running code on " + device + " " + MESSAGE);
    }

    @Override
    public void softReset(String device) throws DeviceLinkException {
        throw new DeviceLinkException("resetting " + device + " " + MESSAGE);
    }
}
